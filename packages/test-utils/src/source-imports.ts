import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { type ExportTarget, readManifest } from './package-entries';

/** The directory of `@eng/<name>` as seen from `packageDir` (the package itself, or one of its dependencies). */
function engPackageDir(packageDir: string, name: string): string {
  if (readManifest(packageDir).name === name) return packageDir;
  const linked = join(packageDir, 'node_modules', ...name.split('/'));
  if (!existsSync(linked))
    throw new Error(`${name} is not a dependency of ${packageDir}, so an example cannot import it`);
  return realpathSync(linked);
}

/** The file a source condition (`@eng/source`, else the plain target) picks for one `exports` entry. */
function sourceTarget(target: ExportTarget | undefined): string | undefined {
  if (typeof target === 'string') return target;
  if (!target) return undefined;
  return sourceTarget(target['@eng/source']) ?? sourceTarget(target.types) ?? sourceTarget(target.default);
}

/** The absolute path of the TypeScript source a specifier such as `@eng/registry` or `@eng/registry/test` names. */
export function sourceEntry(packageDir: string, specifier: string): string {
  const match = /^(@eng\/[\w.-]+)(\/.*)?$/.exec(specifier);
  if (!match) throw new Error(`${specifier} is not an @eng package specifier`);
  const [, name = '', subpath = ''] = match;
  const dir = engPackageDir(packageDir, name);
  const exports = readManifest(dir).exports;
  const entry = typeof exports === 'string' ? (subpath ? undefined : exports) : exports?.[`.${subpath}`];
  const file = sourceTarget(entry);
  if (!file) throw new Error(`${name} has no "${`.${subpath}`}" entry in its exports`);
  return join(dir, file);
}

/** Rewrites every `import ... from '@eng/...'` (and `import('@eng/...')`) to the absolute path of its source. */
export function rewriteEngImports(code: string, packageDir: string): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(@eng\/[^'"]+)\2/g,
    (_all, head: string, _quote: string, specifier: string) =>
      `${head}${JSON.stringify(sourceEntry(packageDir, specifier))}`,
  );
}
