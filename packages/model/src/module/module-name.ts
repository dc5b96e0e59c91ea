// How a module knows its dotted name in the model (`classifier.1`), for error messages: every parent records itself
// on a child when it registers the child (`addModule`) or finds it while walking its tree (`namedChildren`, hence
// `namedModules`, `parameters()`, `stateDict()`, `train()`, `initWeights()`, an optimizer's constructor, a model's
// first train/val/test step). A message asks for the name only when it is about to throw, so the happy path pays
// one WeakMap write per child found, nothing per forward.
import type { BaseModule } from './base-module';

interface ParentLink {
  parent: BaseModule;
  name: string;
}

// Process-wide (as the registries are), so a tree mixing the ESM and CJS builds of this package still names its
// modules.
const STORE_KEY = Symbol.for('@eng/model/parent-links');
interface LinkStore {
  links: WeakMap<BaseModule, ParentLink>;
  walked: WeakSet<BaseModule>;
}
const globalStore = globalThis as unknown as Record<symbol, LinkStore | undefined>;
const store: LinkStore = globalStore[STORE_KEY] ?? { links: new WeakMap(), walked: new WeakSet() };
globalStore[STORE_KEY] = store;

/** Records that `parent` holds `child` under `name` (the last parent to register or find a child wins). */
export function recordParent(child: BaseModule, parent: BaseModule, name: string): void {
  store.links.set(child, { parent, name });
}

/**
 * Walks `root`'s tree once (per root object), so that every module below it knows its parent even when nothing else
 * has walked the tree yet (a model whose first forward runs before any `parameters()` call).
 */
export function recordTreeOnce(root: BaseModule): void {
  if (store.walked.has(root)) return;
  store.walked.add(root);
  for (const _ of root.namedModules()) {
    // namedChildren records each child's parent on the way
  }
}

/**
 * The dotted name of `module` in the outermost module known to hold it (`'classifier.1'`), or `undefined` for a module
 * no parent has registered. Meant for error messages: it walks the tree.
 */
export function moduleName(module: BaseModule): string | undefined {
  const seen = new Set<BaseModule>([module]);
  let root = module;
  for (let link = store.links.get(root); link && !seen.has(link.parent); link = store.links.get(root)) {
    seen.add(link.parent);
    root = link.parent;
  }
  if (root === module) return undefined;
  // The root's own walk gives the name PyTorch's named_modules() would (a module held twice: its first place), and
  // drops links that no longer hold (a child replaced since).
  for (const [name, m] of root.namedModules()) if (m === module) return name;
  return undefined;
}

/** How a message names a module: `Linear "classifier.1"`, or `Linear` alone when it has no parent. */
export function moduleLabel(module: BaseModule): string {
  const name = moduleName(module);
  const cls = module.constructor.name;
  return name ? `${cls} "${name}"` : cls;
}
