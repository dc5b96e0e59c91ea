import { platform } from '#platform';
import { info } from './logger';
import { Registry } from './registry';
import { rootRegistries } from './root';

/** One registry's entry in `traverseRegistryTree`: counts, scope, and names grouped by the folder they came from. */
export interface RegistryTreeNode {
  num_modules: number;
  scope: string;
  [folder: string]: number | string | string[];
}

function folderOf(location: string | undefined): string {
  if (!location) return '(unknown)';
  const file = location.replace(/:\d+:\d+$/, '');
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut === -1 ? '(unknown)' : file.slice(0, cut);
}

/**
 * MMEngine's `traverse_registry_tree`: from any node, walks the whole tree (from its root, depth-first) and
 * collects, per registry, the number of modules, the scope, and the names grouped by folder.
 */
export function traverseRegistryTree(registry: Registry<any>, verbose = true): RegistryTreeNode[] {
  if (!(registry instanceof Registry)) throw new TypeError('traverseRegistryTree expects a Registry');
  const result: RegistryTreeNode[] = [];
  const visit = (node: Registry<any>) => {
    const entry: RegistryTreeNode = { num_modules: node.size, scope: node.scope };
    for (const name of node.moduleDict.keys()) {
      const folder = folderOf(node.originOf(name));
      const list = entry[folder];
      if (Array.isArray(list)) list.push(name);
      else entry[folder] = [name];
    }
    if (verbose) info(`Find ${node.size} modules in ${node.scope}'s '${node.name}' registry`);
    result.push(entry);
    for (const child of node.children.values()) visit(child);
  };
  visit(registry.root);
  return result;
}

export interface RegisteredModulesReport {
  scan_date: string;
  registries: Record<string, RegistryTreeNode[]>;
}

/**
 * MMEngine's `count_registered_modules`: the tree of every root registry. With `savePath`, also writes
 * `<savePath>/modules_statistic_results.json` (atomically; Node only).
 */
export function countRegisteredModules(
  options: { savePath?: string; verbose?: boolean } = {},
): RegisteredModulesReport {
  const { savePath, verbose = true } = options;
  const registries: Record<string, RegistryTreeNode[]> = {};
  for (const [constName, registry] of rootRegistries()) registries[constName] = traverseRegistryTree(registry, verbose);
  const report: RegisteredModulesReport = { scan_date: new Date().toISOString(), registries };
  if (verbose) info(`Finish registry analysis, found ${Object.keys(registries).length} root registries`);
  if (savePath !== undefined) {
    const file = platform.joinPath(savePath, 'modules_statistic_results.json');
    platform.writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
    if (verbose) info(`Result has been saved to ${file}`);
  }
  return report;
}
