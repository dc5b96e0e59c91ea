/**
 * @packageDocumentation toycls: a downstream library on eng, as mmpretrain is one on MMEngine. Importing it registers
 * its modules in its child registries (scope `toycls`): `SmallResNet`, `LinearClsHead`, `ImageClassifier` (MODELS),
 * `ShapesDataset` (DATASETS), `RandomColorShift` (TRANSFORMS), `ShapeAccuracy` (METRICS).
 */
import './models/index';
import './datasets/index';
import './metrics/index';

export { registerOnce } from './register-once';
export {
  childRegistry,
  TOYCLS_DATASETS,
  TOYCLS_METRICS,
  TOYCLS_MODELS,
  TOYCLS_SCOPE,
  TOYCLS_TRANSFORMS,
  TOYCLS_VISUALIZERS,
} from './registry';
export * from './models/index';
export * from './datasets/index';
export * from './metrics/index';
