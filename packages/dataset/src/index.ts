/** @packageDocumentation BaseDataset, dataset wrappers, samplers, transforms and the data loader. */
import './register';

// The seeded stream a sample's transforms draw from (`context.random`), to make contexts of your own.
export { RandomStream, type RandomStreamState } from '@eng/internal';

export { DatasetError, type DatasetErrorCode } from './errors';
export {
  BaseDataset,
  type BaseDatasetOptions,
  type BaseDatasetSharedState,
  type DataInfo,
  type DatasetOptionsSchema,
} from './dataset/base-dataset';
export { checkIndex, type DatasetLike } from './dataset/dataset-like';
export { SerializedDataList, type SerializedDataListState } from './dataset/serialized-data-list';
export { defaultCollate, pseudoCollate } from './collate/collate';
export {
  checkSamplerState,
  DefaultSampler,
  type DefaultSamplerOptions,
  positionForWorldSize,
} from './samplers/default-sampler';
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
export { type ImageArray, isImageArray } from './transforms/image/image-array';
export {
  COLOR_TYPES,
  type ColorType,
  type DecodeOptions,
  decodeImage,
  IMDECODE_BACKENDS,
  LoadImageFromFile,
  type LoadImageFromFileOptions,
} from './transforms/image/loading';
export {
  INTERPOLATIONS,
  type Interpolation,
  RandomResize,
  type RandomResizeOptions,
  Resize,
  type ResizeOptions,
} from './transforms/image/resize';
export { FLIP_DIRECTIONS, flipResults, RandomFlip, type RandomFlipOptions } from './transforms/image/flip';
export { CenterCrop, type CenterCropOptions, RandomCrop, type RandomCropOptions } from './transforms/image/crop';
export { PADDING_MODES, Pad, type PadOptions } from './transforms/image/pad';
export { Normalize, type NormalizeOptions } from './transforms/image/normalize';
export { DEFAULT_META_KEYS, PackInputs, type PackInputsOptions } from './transforms/image/pack-inputs';
export {
  cropImage,
  type FlipDirection,
  flipImage,
  normalizeImage,
  type Padding,
  type PaddingMode,
  padImage,
  resizeBilinear,
  resizeNearest,
} from './transforms/image/kernels';
export type { Coords } from './transforms/image/geometry';
export { BaseDatasetWrapper, buildWrapped, type DatasetInput } from './wrappers/base-dataset-wrapper';
export {
  ClassBalancedDataset,
  type ClassBalancedDatasetOptions,
  repeatFactors,
} from './wrappers/class-balanced-dataset';
export { ConcatDataset, type ConcatDatasetOptions } from './wrappers/concat-dataset';
export { RepeatDataset, type RepeatDatasetOptions } from './wrappers/repeat-dataset';
export { IMG_EXTENSIONS, ImageFolder, type ImageFolderOptions } from './datasets/image-folder';
export { bundledMnistRoot, MNIST, MNIST_CATEGORIES, type MNISTOptions } from './datasets/mnist';
