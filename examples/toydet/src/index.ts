/**
 * @packageDocumentation toydet: a downstream detection library on eng and toycls, as mmdet is one on MMEngine.
 * Importing it registers its modules in its child registries (scope `toydet`): `TinyDetector`, `CenterHead`
 * (MODELS), `BoxesDataset` (DATASETS), `PackDetInputs` (TRANSFORMS), `BoxMetric` (METRICS), `DetLocalVisualizer`
 * (VISUALIZERS). Its configs build `toycls.SmallResNet` from the sibling scope.
 */
import './models/index';
import './datasets/index';
import './metrics/index';
import './visualization/index';

export {
  TOYDET_DATASETS,
  TOYDET_METRICS,
  TOYDET_MODELS,
  TOYDET_SCOPE,
  TOYDET_TRANSFORMS,
  TOYDET_VISUALIZERS,
} from './registry';
export * from './models/index';
export * from './datasets/index';
export * from './metrics/index';
export * from './visualization/index';
