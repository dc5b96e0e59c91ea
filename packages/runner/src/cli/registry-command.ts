// `eng registry [--scope S] [--registry NAME]`: the registry tree with every scope and registered name.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CommandIO, describeArgsError, importCustomModules } from '@eng/config';
import { didYouMean } from '@eng/internal';
import { importAllLocations, type Registry, rootRegistries } from '@eng/registry';
import { type Command, formatFailure } from './command';

export const REGISTRY_USAGE = `Usage: eng registry [--scope S] [--registry NAME] [--import MODULE ...]

Print every registry (the 22 roots of scope eng and the children downstream packages made), its scope and the
names registered in it.

  --scope S        only registries of scope S
  --registry NAME  only the root registry NAME (e.g. MODELS) and its children
  --import MODULE  import a module first (a package that registers its own classes); repeatable
  -h, --help       show this help
`;

const FLAGS = ['--scope', '--registry', '--import', '--help'];

function lines(registry: Registry, depth: number, scope: string | undefined, out: string[]): void {
  const names = [...registry.moduleDict.keys()].sort();
  if (scope === undefined || registry.scope === scope) {
    const indent = '  '.repeat(depth);
    out.push(
      `${indent}${registry.name} (scope ${registry.scope}, ${names.length} module${names.length === 1 ? '' : 's'})`,
    );
    if (names.length) out.push(`${indent}  ${names.join(', ')}`);
  }
  for (const child of registry.children.values()) lines(child, depth + 1, scope, out);
}

async function registry(argv: readonly string[], io: CommandIO): Promise<number> {
  let values: {
    scope?: string | undefined;
    registry?: string | undefined;
    import?: string[] | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scope: { type: 'string' },
        registry: { type: 'string' },
        import: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`eng registry: ${describeArgsError(error, FLAGS)}\n\n${REGISTRY_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(REGISTRY_USAGE);
    return 0;
  }
  try {
    // resolved from the working directory (a relative path, or a package in its node_modules), as custom_imports are
    // from the config's folder
    const imports = values.import ?? [];
    if (imports.length) await importCustomModules({ imports }, join(process.cwd(), '__eng_registry__.js'));
    await importAllLocations();
    const roots = rootRegistries();
    const chosen = values.registry?.toUpperCase();
    if (chosen !== undefined && !roots.has(chosen as never)) {
      const hint = didYouMean(chosen, roots.keys());
      io.err(`eng registry: no root registry "${values.registry}".${hint ? ` ${hint}` : ''}\n`);
      return 2;
    }
    const out: string[] = [];
    for (const [name, root] of roots) {
      if (chosen !== undefined && name !== chosen) continue;
      const before = out.length;
      lines(root, 0, values.scope, out);
      if (out.length > before) out.splice(before, 0, `${name}:`);
    }
    if (values.scope !== undefined && out.length === 0) {
      io.err(`eng registry: no registry has scope "${values.scope}"\n`);
      return 2;
    }
    io.out(`${out.join('\n')}\n`);
    return 0;
  } catch (error) {
    io.err(formatFailure('registry', error));
    return 1;
  }
}

export const registryCommand: Command = {
  summary: 'list the registries, their scopes and names: eng registry [--scope S] [--registry NAME]',
  run: registry,
};
