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
export { buildTransform, Compose, type ComposeOptions, runSteps, type TransformInput } from './transforms/compose';
