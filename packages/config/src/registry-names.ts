// A class used as `type` in a TS config is dumped as the name it is registered under. The registries
// of @eng/registry are searched breadth first from the root registries; a name found in a child scope
// is written `scope.Name`, which every registry of the tree resolves.
import * as registryExports from '@eng/registry';
import { Registry } from '@eng/registry';

function rootRegistries(): Registry<any>[] {
  return Object.values(registryExports).filter(
    (value): value is Registry<any> => value instanceof Registry && value.parent === undefined,
  );
}

export function registryNameOf(target: unknown): string | undefined {
  if (typeof target !== 'function') return undefined;
  const queue = rootRegistries();
  const seen = new Set<Registry<any>>();
  while (queue.length > 0) {
    const registry = queue.shift() as Registry<any>;
    if (seen.has(registry)) continue;
    seen.add(registry);
    for (const [name, module] of registry.moduleDict) {
      if (module === target) return registry.parent === undefined ? name : `${registry.scope}.${name}`;
    }
    queue.push(...registry.children.values());
  }
  return undefined;
}
