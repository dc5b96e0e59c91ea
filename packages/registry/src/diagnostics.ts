import { RegistryError } from './errors';
import type { Registry } from './registry';
import { splitScopeKey } from './scope-key';
import { nearestNames } from '@eng/internal';

type AnyRegistry = Registry<any>;

const label = (registry: AnyRegistry) => `${registry.scope}::${registry.name}`;

/** The registries `registry.get(key)` looks in, in order, as `scope::name`; empty when the scope is not in the tree. */
export function searchedFor(registry: AnyRegistry, key: string): string[] {
  const [scope, realKey] = splitScopeKey(key);
  if (scope === undefined) {
    const chain: string[] = [];
    for (let node: AnyRegistry | undefined = registry; node; node = node.parent) chain.push(label(node));
    return chain;
  }
  if (scope === registry.scope) return [label(registry)];
  const child = registry.children.get(scope);
  if (child) return searchedFor(child, realKey);
  const root = registry.root;
  if (scope !== root.scope && !root.children.has(scope)) return [];
  return searchedFor(root, key);
}

/** Names a user could have meant from `registry`: its own and inherited names, and `scope.Name` elsewhere. */
export function candidateNames(registry: AnyRegistry): string[] {
  const names: string[] = [];
  const chain = new Set<AnyRegistry>();
  for (let node: AnyRegistry | undefined = registry; node; node = node.parent) {
    chain.add(node);
    names.push(...node.moduleDict.keys());
  }
  const visit = (node: AnyRegistry, prefix: string) => {
    for (const [scope, child] of node.children) {
      const path = prefix === '' ? scope : `${prefix}.${scope}`;
      if (!chain.has(child)) for (const name of child.moduleDict.keys()) names.push(`${path}.${name}`);
      visit(child, path);
    }
  };
  visit(registry.root, '');
  return names;
}

/** Registries of the tree of `registry` whose locations have not been imported yet. */
export function pendingLocations(registry: AnyRegistry): AnyRegistry[] {
  const pending: AnyRegistry[] = [];
  const visit = (node: AnyRegistry) => {
    if (!node.imported) pending.push(node);
    for (const child of node.children.values()) visit(child);
  };
  visit(registry.root);
  return pending;
}

/**
 * The error for a `type` that `registry` cannot find: it names the type, the registry and its scope, the registries
 * searched in order, the nearest registered names, and registries whose locations were not imported yet.
 */
export function unknownTypeError(registry: AnyRegistry, type: string, configPath: string | undefined): RegistryError {
  const searched = searchedFor(registry, type);
  const [scope] = splitScopeKey(type);
  // The registry always offers its closest names, however far (an unknown type's error lists what there is).
  const nearest = nearestNames(type, candidateNames(registry), { maxDistance: Number.POSITIVE_INFINITY });
  const pending = pendingLocations(registry);
  const parts = [`"${type}" is not in the "${registry.name}" registry (scope "${registry.scope}").`];
  if (searched.length > 0) parts.push(`Searched, in order: ${searched.join(' -> ')}.`);
  else parts.push(`Scope "${scope}" is not in the registry tree of "${registry.root.name}", so nothing was searched.`);
  if (nearest.length > 0) parts.push(`Did you mean ${nearest.map((n) => `"${n}"`).join(', ')}?`);
  if (pending.length > 0) {
    parts.push(
      `The locations of ${pending.map(label).join(', ')} have not been imported: await importAllLocations() before building.`,
    );
  }
  parts.push('Check the value of `type` and that the module defining it was imported (custom_imports).');
  if (configPath) parts.push(`(config path: ${configPath})`);
  return new RegistryError('UNKNOWN_TYPE', parts.join(' '), {
    registry: registry.name,
    scope: registry.scope,
    configPath,
  });
}
