import { pendingLocations } from './diagnostics';
import type { Registry } from './registry';
import { rootRegistries } from './root';

/**
 * Imports the `locations` of every registry in the tree of `registry` (of every root registry without it), until
 * no registry in those trees has locations left to import. The runner and CLI await this before building.
 */
export async function importAllLocations(registry?: Registry<any>): Promise<void> {
  const roots = registry ? [registry.root] : [...rootRegistries().values()];
  for (;;) {
    const pending = roots.flatMap((root) => pendingLocations(root));
    if (pending.length === 0) return;
    for (const node of pending) await node.importFromLocation();
  }
}
