// A class used as `type` in a TS config is dumped as the name it is registered under. The registries
// of @eng/registry are searched breadth first from the root registries; a name found in a descendant is
// written with the scopes that lead to it from the root (`det.Name`, `det.sub.Name`), which the root
// registry and every registry of the tree resolve.
import { type Registry, rootRegistries } from '@eng/registry';

export function registryNameOf(target: unknown): string | undefined {
  if (typeof target !== 'function') return undefined;
  const queue: Array<{ registry: Registry<any>; prefix: string }> = [...rootRegistries().values()].map((registry) => ({
    registry,
    prefix: '',
  }));
  const seen = new Set<Registry<any>>();
  while (queue.length > 0) {
    const { registry, prefix } = queue.shift()!;
    if (seen.has(registry)) continue;
    seen.add(registry);
    for (const [name, module] of registry.moduleDict) {
      if (module === target) return `${prefix}${name}`;
    }
    for (const [scope, child] of registry.children) queue.push({ registry: child, prefix: `${prefix}${scope}.` });
  }
  return undefined;
}
