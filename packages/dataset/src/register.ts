// Registers the package's classes and functions in the root registries of @eng/registry (importing the package
// does it), and tells the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { DATA_SAMPLERS, DATASETS, FUNCTIONS, TRANSFORMS } from '@eng/registry';
import { defaultCollate, pseudoCollate } from './collate/collate';
import { BaseDataset } from './dataset/base-dataset';
import { ImageFolder } from './datasets/image-folder';
import { MNIST } from './datasets/mnist';
import type { DatasetLike } from './dataset/dataset-like';
import { DefaultSampler } from './samplers/default-sampler';
import { InfiniteSampler } from './samplers/infinite-sampler';
import type { SamplerLike } from './samplers/sampler-like';
import type { BaseTransform } from './transforms/base-transform';
import { Compose } from './transforms/compose';
import { ClassBalancedDataset } from './wrappers/class-balanced-dataset';
import { ConcatDataset } from './wrappers/concat-dataset';
import { RepeatDataset } from './wrappers/repeat-dataset';
import { KeyMapper } from './transforms/key-mapper';
import { RandomApply, RandomChoice } from './transforms/random-wrappers';
import { TestTimeAug } from './transforms/test-time-aug';
import { CenterCrop, RandomCrop } from './transforms/image/crop';
import { RandomFlip } from './transforms/image/flip';
import { LoadImageFromFile } from './transforms/image/loading';
import { Normalize } from './transforms/image/normalize';
import { PackInputs } from './transforms/image/pack-inputs';
import { Pad } from './transforms/image/pad';
import { RandomResize, Resize } from './transforms/image/resize';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    /** Datasets (`BaseDataset` and its subclasses, the wrappers, `MNIST`, `ImageFolder`). */
    DATASETS: DatasetLike;
    /** Samplers (`DefaultSampler`, `InfiniteSampler`): iterables of dataset indices. */
    DATA_SAMPLERS: SamplerLike;
    /** Data transforms (`LoadImageFromFile`, `Resize`, …, `Compose`). */
    TRANSFORMS: BaseTransform;
  }
}

const OWNER = '@eng/dataset';

registerBuiltins(DATASETS, OWNER, {
  BaseDataset,
  ClassBalancedDataset,
  ConcatDataset,
  ImageFolder,
  MNIST,
  RepeatDataset,
});
registerBuiltins(TRANSFORMS, OWNER, { Compose, KeyMapper, RandomApply, RandomChoice, TestTimeAug });
registerBuiltins(TRANSFORMS, OWNER, {
  LoadImageFromFile,
  Resize,
  RandomResize,
  RandomFlip,
  RandomCrop,
  CenterCrop,
  Pad,
  Normalize,
  PackInputs,
});
registerBuiltins(DATA_SAMPLERS, OWNER, { DefaultSampler, InfiniteSampler });
registerBuiltins(FUNCTIONS, OWNER, { pseudo_collate: pseudoCollate, default_collate: defaultCollate });
