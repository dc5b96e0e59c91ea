/** @packageDocumentation BaseModule, BaseModel, layers, data preprocessors, weight initialization and EMA on TensorFlow.js. */
import './register';

export {
  type LoadStateDictResult,
  ModelError,
  type ModelErrorCode,
  type ShapeMismatch,
  StateDictError,
} from './errors';

export {
  BaseModule,
  type BaseModuleOptions,
  type InitCfgOption,
  type LoadStateDictOptions,
  type StateDict,
  type StateDictOptions,
} from './module/base-module';
export { ModuleDict, ModuleList, type ModuleOrCfg, Sequential } from './module/containers';
export { LayersModelModule, TfLayerModule } from './module/layers-model-module';
export { calculateFanInAndFanOut } from './init/calculate-fan-in-and-fan-out';
export { buildModelFromCfg } from './build';
export { detectAnomalousParams } from './detect-anomalous-params';
export { mergeDict } from './merge-dict';

export type { Pair } from './layers/arg-checks';
export { Linear, type LinearOptions } from './layers/linear';
export { Conv2d, type Conv2dOptions } from './layers/conv';
export {
  BatchNorm,
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormOptions,
  GroupNorm,
  type GroupNormOptions,
  LayerNorm,
  type LayerNormOptions,
} from './layers/norm';
export {
  AdaptiveAvgPool2d,
  type AdaptiveAvgPool2dOptions,
  AvgPool2d,
  type AvgPoolOptions,
  MaxPool2d,
  type PoolOptions,
} from './layers/pooling';
export {
  GELU,
  type GELUOptions,
  Identity,
  LeakyReLU,
  type LeakyReLUOptions,
  ReLU,
  ReLU6,
  Sigmoid,
  Softmax,
  type SoftmaxOptions,
  type InplaceOptions,
  Tanh,
} from './layers/activation';
export { Dropout, type DropoutOptions } from './layers/dropout';
export { Embedding, type EmbeddingOptions } from './layers/embedding';
export { Flatten, type FlattenOptions } from './layers/flatten';

export {
  BaseModel,
  type BaseModelOptions,
  type ForwardMode,
  type LossDict,
  type OptimWrapperLike,
} from './base-model/base-model';
export { BaseDataPreprocessor, type BaseDataPreprocessorOptions, type DataBatch } from './base-model/data-preprocessor';
export { ImgDataPreprocessor, type ImgDataPreprocessorOptions, stackBatch } from './base-model/img-data-preprocessor';

export { type InitCfg, initialize, type OverrideCfg } from './init/init-cfg';
export { updateInitInfo } from './init/init-info';
export {
  BaseInit,
  type BaseInitOptions,
  biasInitWithProb,
  Caffe2XavierInit,
  caffe2XavierInit,
  ConstantInit,
  constantInit,
  KaimingInit,
  type KaimingInitOptions,
  kaimingInit,
  NormalInit,
  normalInit,
  PretrainedInit,
  type PretrainedInitOptions,
  TruncNormalInit,
  truncNormalInit,
  UniformInit,
  uniformInit,
  XavierInit,
  xavierInit,
  type Distribution,
} from './init/initializers';
export {
  calculateGain,
  erfinv,
  type FanMode,
  type Fans,
  fillConstant,
  fillKaimingNormal,
  fillKaimingUniform,
  fillNormal,
  fillTruncNormal,
  fillUniform,
  fillXavierNormal,
  fillXavierUniform,
  type Nonlinearity,
} from './init/fill';
export type { WeightInitializer } from './init/weight-initializer';
export { loadCheckpointStateDict, type ReviseKeys } from './init/checkpoint';

export { type AveragedModelOptions, BaseAveragedModel } from './averaged/base-averaged-model';
export {
  type EMAOptions,
  ExponentialMovingAverage,
  MomentumAnnealingEMA,
  type MomentumAnnealingEMAOptions,
} from './averaged/ema';
export { StochasticWeightAverage } from './averaged/swa';
export { BaseTTAModel, type BaseTTAModelOptions, type StepModule } from './tta';

export { checkClassLabels, Classifier, type ClassifierOptions, extractLabels } from './models/classifier';
export { MLP, type MLPOptions } from './models/mlp';
export { SmallCNN, type SmallCNNOptions } from './models/small-cnn';
export { BasicBlock, Bottleneck, ResNet, type ResNetOptions } from './models/resnet';
export {
  MMDistributedDataParallel,
  type MMDistributedDataParallelOptions,
  type SteppedModule,
} from './wrappers/distributed-data-parallel';
export type { GradientSyncStats } from './wrappers/gradient-buckets';
export { isModelWrapper, type ModelWrapper, unwrapModel } from './wrappers/model-wrapper';
