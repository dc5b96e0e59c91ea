// A `default_scope` that no registry of the tree has yet names a package, as in MMEngine (which imports
// `<scope>.registry` when it switches to the scope): import the package of that name, whose entry registers its
// modules. The CLI does it right after loading the config (the runner builds its visualizer and log processor as
// it is constructed), and the runner again before it builds the rest.
import { importCustomModules } from '@eng/config';
import { ROOT_SCOPE, rootRegistries } from '@eng/registry';

export interface DefaultScopeImport {
  /** whether some registry of the tree has the scope now */
  found: boolean;
  /** what to tell the user when it has not (the scope, the failed import and what to do) */
  warning?: string;
}

const hasScope = (scope: string): boolean =>
  [...rootRegistries().values()].some((r) => r.searchChild(scope) !== undefined);

/** Whether `error` (or its cause) says that the package `name` itself cannot be found. */
function isNotFound(error: unknown, name: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && e.message.includes(`'${name}'`))
      return true;
    if (/Cannot find (package|module) '([^']+)'/.exec(e.message)?.[2] === name) return true;
  }
  return false;
}

/**
 * Imports the package named `scope` (resolved from `fromFile`'s folder) when no registry has that scope yet. A scope
 * is taken for the name of its package, as in MMEngine: a package whose scope differs from its name (`@acme/det` with
 * scope `det`) is imported through `custom_imports`.
 */
export async function importDefaultScopePackage(
  scope: string | undefined,
  fromFile: string,
): Promise<DefaultScopeImport> {
  if (scope === undefined || scope === ROOT_SCOPE || hasScope(scope)) return { found: true };
  try {
    await importCustomModules({ imports: [scope] }, fromFile);
  } catch (error) {
    // an installed package that fails to import is a bug to show as it is, not a missing package to warn about
    if (!isNotFound(error, scope)) throw error;
    return {
      found: false,
      warning:
        `default_scope "${scope}": no registry has this scope, and importing a package "${scope}" failed ` +
        `(${(error as Error).message.split('\n')[0]}). Modules are looked up in the eng registries; install the ` +
        'package that owns the scope, or name it in custom_imports',
    };
  }
  if (hasScope(scope)) return { found: true };
  return {
    found: false,
    warning: `default_scope "${scope}": the package "${scope}" was imported but made no registry with that scope`,
  };
}
