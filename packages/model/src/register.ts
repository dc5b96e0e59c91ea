// Registers the package's classes in the root registries of @eng/registry (importing the package does it), makes
// `buildModelFromCfg` MODELS' build function, and tells the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { MODEL_WRAPPERS, MODELS, WEIGHT_INITIALIZERS } from '@eng/registry';
import { ExponentialMovingAverage, MomentumAnnealingEMA } from './averaged/ema';
import { StochasticWeightAverage } from './averaged/swa';
import { BaseDataPreprocessor } from './base-model/data-preprocessor';
import { ImgDataPreprocessor } from './base-model/img-data-preprocessor';
import { installModelsBuildFunc } from './build';
import {
  Caffe2XavierInit,
  ConstantInit,
  KaimingInit,
  NormalInit,
  PretrainedInit,
  TruncNormalInit,
  UniformInit,
  XavierInit,
} from './init/initializers';
import type { WeightInitializer } from './init/weight-initializer';
import { GELU, Identity, LeakyReLU, ReLU, ReLU6, Sigmoid, Softmax, Tanh } from './layers/activation';
import { Conv2d } from './layers/conv';
import { Dropout } from './layers/dropout';
import { Embedding } from './layers/embedding';
import { Flatten } from './layers/flatten';
import { Linear } from './layers/linear';
import { BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from './layers/norm';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './layers/pooling';
import { MLP } from './models/mlp';
import { ResNet } from './models/resnet';
import { SmallCNN } from './models/small-cnn';
import type { BaseModule } from './module/base-module';
import { ModuleDict, ModuleList, Sequential } from './module/containers';
import { MMDistributedDataParallel } from './wrappers/distributed-data-parallel';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    /** Every module (a list of configs gives a `Sequential`); name the class for more: `MODELS.build<ResNet>(cfg)`. */
    MODELS: BaseModule;
    /** The initializers `init_cfg` names (`Constant`, `Kaiming`, …, `Pretrained`). */
    WEIGHT_INITIALIZERS: WeightInitializer;
    /** Model wrappers (`MMDistributedDataParallel`); the runner wraps the model with `model_wrapper_cfg`. */
    MODEL_WRAPPERS: BaseModule;
  }
}

const OWNER = '@eng/model';

// Layers, containers and models under their PyTorch / MMEngine class names.
registerBuiltins(MODELS, OWNER, {
  Sequential,
  ModuleList,
  ModuleDict,
  ReLU,
  ReLU6,
  LeakyReLU,
  GELU,
  Sigmoid,
  Tanh,
  Softmax,
  Identity,
  Linear,
  Conv2d,
  BatchNorm1d,
  BatchNorm2d,
  LayerNorm,
  GroupNorm,
  MaxPool2d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  Dropout,
  Embedding,
  Flatten,
  BaseDataPreprocessor,
  ImgDataPreprocessor,
  ExponentialMovingAverage,
  MomentumAnnealingEMA,
  StochasticWeightAverage,
  MLP,
  SmallCNN,
  ResNet,
});

// The initializers under the names `init_cfg` uses, as MMEngine registers them.
registerBuiltins(WEIGHT_INITIALIZERS, OWNER, {
  Constant: ConstantInit,
  Xavier: XavierInit,
  Normal: NormalInit,
  TruncNormal: TruncNormalInit,
  Uniform: UniformInit,
  Kaiming: KaimingInit,
  Caffe2Xavier: Caffe2XavierInit,
  Pretrained: PretrainedInit,
});

// The data-parallel wrapper, under MMEngine's name.
registerBuiltins(MODEL_WRAPPERS, OWNER, { MMDistributedDataParallel });

installModelsBuildFunc();
