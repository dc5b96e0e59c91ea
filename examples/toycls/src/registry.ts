// toycls's registries: one child of each of eng's root registries, in scope `toycls` (MMEngine's
// `mmpretrain/registry.py`). Configs name toycls's modules `toycls.Name`, or just `Name` under `default_scope: 'toycls'`;
// a name toycls does not have is looked up in the root (scope `eng`).
import {
  DATASETS,
  METRICS,
  MODELS,
  Registry,
  type RegistryLocation,
  type RootBuilt,
  rootRegistries,
  TRANSFORMS,
  VISUALIZERS,
} from '@eng/registry';

/** The scope of every toycls registry. */
export const TOYCLS_SCOPE = 'toycls';

/**
 * The child of `parent` in scope `scope`: the one already in the tree (the other build of the package made it), else a
 * new one with `locations`, which `importAllLocations` (the runner, `eng train`) imports before building.
 */
export function childRegistry<B>(
  parent: Registry<any, B>,
  scope: string,
  locations: readonly RegistryLocation[] = [],
): Registry<Record<never, never>, B> {
  const existing = parent.children.get(scope);
  if (existing !== undefined) return existing as Registry<Record<never, never>, B>;
  return new Registry<Record<never, never>, B>(parent.name, { parent, scope, locations });
}

/** Models: `SmallResNet`, `LinearClsHead`, `ImageClassifier`. */
export const TOYCLS_MODELS: Registry<Record<never, never>, RootBuilt<'MODELS'>> = childRegistry(MODELS, TOYCLS_SCOPE, [
  () => import('./models/index'),
]);
/** Datasets: `ShapesDataset`. */
export const TOYCLS_DATASETS: Registry<Record<never, never>, RootBuilt<'DATASETS'>> = childRegistry(
  DATASETS,
  TOYCLS_SCOPE,
  [() => import('./datasets/index')],
);
/** Data transforms: `RandomColorShift`. */
export const TOYCLS_TRANSFORMS: Registry<Record<never, never>, RootBuilt<'TRANSFORMS'>> = childRegistry(
  TRANSFORMS,
  TOYCLS_SCOPE,
  [() => import('./datasets/index')],
);
/** Metrics: `ShapeAccuracy`. */
export const TOYCLS_METRICS: Registry<Record<never, never>, RootBuilt<'METRICS'>> = childRegistry(
  METRICS,
  TOYCLS_SCOPE,
  [() => import('./metrics/index')],
);
/** Visualizers: none of its own (the root's `ClsVisualizer` draws classification samples). */
export const TOYCLS_VISUALIZERS: Registry<Record<never, never>, RootBuilt<'VISUALIZERS'>> = childRegistry(
  VISUALIZERS,
  TOYCLS_SCOPE,
);

// The other root registries get an empty `toycls` child too (as mmpretrain has one of each), so that a build under
// `default_scope: 'toycls'` (or a `_scope_: 'toycls'` a `toycls::` base config adds) finds the registry of its scope
// in every tree and falls back to the root's names, instead of warning that the scope is missing.
for (const root of rootRegistries().values()) childRegistry(root, TOYCLS_SCOPE);
