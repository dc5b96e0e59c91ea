// toydet's registries: a child of each of eng's root registries in scope `toydet` (MMEngine's `mmdet/registry.py`).
// A config under `default_scope: 'toydet'` finds toydet's names first, then eng's (the root); `toycls.SmallResNet`
// reaches the sibling scope `toycls` through the root.
import {
  DATASETS,
  METRICS,
  MODELS,
  type Registry,
  type RootBuilt,
  rootRegistries,
  TRANSFORMS,
  VISUALIZERS,
} from '@eng/registry';
import { childRegistry } from 'toycls';

/** The scope of every toydet registry. */
export const TOYDET_SCOPE = 'toydet';

/** Models: `TinyDetector`, `CenterHead`. */
export const TOYDET_MODELS: Registry<Record<never, never>, RootBuilt<'MODELS'>> = childRegistry(MODELS, TOYDET_SCOPE, [
  () => import('./models/index'),
]);
/** Datasets: `BoxesDataset`. */
export const TOYDET_DATASETS: Registry<Record<never, never>, RootBuilt<'DATASETS'>> = childRegistry(
  DATASETS,
  TOYDET_SCOPE,
  [() => import('./datasets/index')],
);
/** Data transforms: `PackDetInputs`. */
export const TOYDET_TRANSFORMS: Registry<Record<never, never>, RootBuilt<'TRANSFORMS'>> = childRegistry(
  TRANSFORMS,
  TOYDET_SCOPE,
  [() => import('./datasets/index')],
);
/** Metrics: `BoxMetric`. */
export const TOYDET_METRICS: Registry<Record<never, never>, RootBuilt<'METRICS'>> = childRegistry(
  METRICS,
  TOYDET_SCOPE,
  [() => import('./metrics/index')],
);
/** Visualizers: `DetLocalVisualizer`. */
export const TOYDET_VISUALIZERS: Registry<Record<never, never>, RootBuilt<'VISUALIZERS'>> = childRegistry(
  VISUALIZERS,
  TOYDET_SCOPE,
  [() => import('./visualization/index')],
);

// An empty `toydet` child in every other root registry, so builds in scope `toydet` (hooks, optimizers, loops...)
// find their scope's registry and fall back to the root's names without a warning.
for (const root of rootRegistries().values()) childRegistry(root, TOYDET_SCOPE);
