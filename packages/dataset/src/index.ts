/** @packageDocumentation BaseDataset, dataset wrappers, samplers, transforms and the data loader. */
import './register';

export { DatasetError, type DatasetErrorCode } from './errors';
export {
  BaseDataset,
  type BaseDatasetOptions,
  type BaseDatasetSharedState,
  type DataInfo,
} from './dataset/base-dataset';
export { checkIndex, type DatasetLike } from './dataset/dataset-like';
export { SerializedDataList, type SerializedDataListState } from './dataset/serialized-data-list';
export { defaultCollate, pseudoCollate } from './collate/collate';
export { checkSamplerState, DefaultSampler, type DefaultSamplerOptions } from './samplers/default-sampler';
export { DIST_INFO_KEY, type DistInfo, getDistInfo } from './samplers/dist-info';
export { InfiniteSampler, type InfiniteSamplerOptions } from './samplers/infinite-sampler';
export type { SamplerLike, SamplerState } from './samplers/sampler-like';
export {
  applyTransform,
  BaseTransform,
  type Results,
  standaloneContext,
  type TransformContext,
  type TransformFunction,
  type TransformOutput,
} from './transforms/base-transform';
export {
  buildTransform,
  Compose,
  type ComposeOptions,
  runSteps,
  stepName,
  type TransformInput,
} from './transforms/compose';
export { IGNORE_KEY_MARKER, type KeyMapping, KeyMapper, type KeyMapperOptions } from './transforms/key-mapper';
export {
  RandomApply,
  type RandomApplyOptions,
  RandomChoice,
  type RandomChoiceOptions,
} from './transforms/random-wrappers';
export { TestTimeAug, type TestTimeAugOptions } from './transforms/test-time-aug';
export {
  type CollateFunction,
  DataLoader,
  type DataLoaderOptions,
  type DataLoaderState,
} from './loader/data-loader';
export { decodeFromTransfer, encodeForTransfer, registerDataElementClass } from './loader/transfer-codec';
