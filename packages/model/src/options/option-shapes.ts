// The zod shapes of the options of the package's registered classes (internal: not re-exported from ./index).
// Each class declares its own `static optionsSchema` from these; builds refuse unknown keys with the nearest ones.
import { type OptionsSchema, optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import type { BaseModule, BaseModuleOptions, InitCfgOption } from '../module/base-module';
import type { AveragedModelOptions } from '../averaged/base-averaged-model';
import type { EMAOptions, MomentumAnnealingEMAOptions } from '../averaged/ema';
import type { BaseDataPreprocessor, BaseDataPreprocessorOptions } from '../base-model/data-preprocessor';
import type { ImgDataPreprocessorOptions } from '../base-model/img-data-preprocessor';
import type { KaimingInitOptions, PretrainedInitOptions } from '../init/initializers';
import type { GELUOptions, InplaceOptions, LeakyReLUOptions, SoftmaxOptions } from '../layers/activation';
import type { Conv2dOptions } from '../layers/conv';
import type { DropoutOptions } from '../layers/dropout';
import type { EmbeddingOptions } from '../layers/embedding';
import type { FlattenOptions } from '../layers/flatten';
import type { LinearOptions } from '../layers/linear';
import type { BatchNormOptions, GroupNormOptions, LayerNormOptions } from '../layers/norm';
import type { AdaptiveAvgPool2dOptions, AvgPoolOptions, PoolOptions } from '../layers/pooling';
import type { MLPOptions } from '../models/mlp';
import type { ResNetOptions } from '../models/resnet';
import type { SmallCNNOptions } from '../models/small-cnn';

/** What every module's and initializer's `optionsSchema` is typed as (subclasses add keys of their own). */
export type ModelOptionsSchema = OptionsSchema<z.ZodRawShape>;

/** `init_cfg` entries are built by WEIGHT_INITIALIZERS, whose schemas check their keys. */
const initCfg = z.custom<InitCfgOption>().optional();
const pair = z.union([z.number(), z.tuple([z.number(), z.number()])]);
const int = z.number().int();

export const moduleShape = { init_cfg: initCfg, initCfg };

const inplace = { ...moduleShape, inplace: z.boolean().optional() };
const pool = {
  ...moduleShape,
  kernel_size: pair,
  stride: pair.nullable().optional(),
  padding: pair.optional(),
  ceil_mode: z.boolean().optional(),
  dilation: pair.optional(),
  return_indices: z.boolean().optional(),
};
const batchNorm = {
  ...moduleShape,
  num_features: int,
  eps: z.number().optional(),
  momentum: z.number().nullable().optional(),
  affine: z.boolean().optional(),
  track_running_stats: z.boolean().optional(),
};
const container = { ...moduleShape, modules: z.unknown().optional() };
const averaged = {
  model: z.custom<BaseModule>(),
  interval: int.optional(),
  device: z.string().nullable().optional(),
  update_buffers: z.boolean().optional(),
};
const ema = { ...averaged, momentum: z.number().optional() };
const preprocessor = { non_blocking: z.boolean().optional() };
const classifier = {
  ...moduleShape,
  num_classes: int.optional(),
  data_preprocessor: z.custom<BaseDataPreprocessor | Record<string, unknown> | null>().optional(),
};
const baseInit = {
  bias: z.number().optional(),
  bias_prob: z.number().optional(),
  layer: z.union([z.string(), z.array(z.string())]).optional(),
};
const distribution = z.enum(['normal', 'uniform']);
const kaiming = {
  ...baseInit,
  a: z.number().optional(),
  mode: z.enum(['fan_in', 'fan_out']).optional(),
  nonlinearity: z.string().optional(),
  distribution: distribution.optional(),
};

/** The option shape of each registered class, by its registered name. */
export const modelShapes = {
  ReLU: inplace,
  ReLU6: inplace,
  LeakyReLU: { ...inplace, negative_slope: z.number().optional() },
  GELU: { ...moduleShape, approximate: z.enum(['none', 'tanh']).optional() },
  Sigmoid: moduleShape,
  Tanh: moduleShape,
  Softmax: { ...moduleShape, dim: int.optional() },
  Linear: { ...moduleShape, in_features: int, out_features: int, bias: z.boolean().optional() },
  Conv2d: {
    ...moduleShape,
    in_channels: int,
    out_channels: int,
    kernel_size: pair,
    stride: pair.optional(),
    padding: z.union([pair, z.enum(['same', 'valid'])]).optional(),
    dilation: pair.optional(),
    groups: int.optional(),
    bias: z.boolean().optional(),
    padding_mode: z.literal('zeros').optional(),
  },
  BatchNorm1d: batchNorm,
  BatchNorm2d: batchNorm,
  LayerNorm: {
    ...moduleShape,
    normalized_shape: z.union([int, z.array(int)]),
    eps: z.number().optional(),
    elementwise_affine: z.boolean().optional(),
    bias: z.boolean().optional(),
  },
  GroupNorm: {
    ...moduleShape,
    num_groups: int,
    num_channels: int,
    eps: z.number().optional(),
    affine: z.boolean().optional(),
  },
  MaxPool2d: pool,
  AvgPool2d: { ...pool, count_include_pad: z.boolean().optional() },
  AdaptiveAvgPool2d: {
    ...moduleShape,
    output_size: z.union([int, z.tuple([int.nullable(), int.nullable()])]),
  },
  Dropout: { ...moduleShape, p: z.number().optional(), inplace: z.boolean().optional() },
  Embedding: {
    ...moduleShape,
    num_embeddings: int,
    embedding_dim: int,
    padding_idx: int.nullable().optional(),
  },
  Flatten: { ...moduleShape, start_dim: int.optional(), end_dim: int.optional() },
  Sequential: container,
  ModuleList: container,
  ModuleDict: container,
  BaseDataPreprocessor: preprocessor,
  ImgDataPreprocessor: {
    ...preprocessor,
    mean: z.array(z.number()).nullable().optional(),
    std: z.array(z.number()).nullable().optional(),
    pad_size_divisor: int.optional(),
    pad_value: z.number().optional(),
    bgr_to_rgb: z.boolean().optional(),
    rgb_to_bgr: z.boolean().optional(),
  },
  ExponentialMovingAverage: ema,
  MomentumAnnealingEMA: { ...ema, gamma: z.number().optional() },
  StochasticWeightAverage: averaged,
  MLP: {
    ...classifier,
    in_features: int.optional(),
    hidden_channels: z.array(int).optional(),
    dropout: z.number().optional(),
  },
  SmallCNN: {
    ...classifier,
    in_channels: int.optional(),
    channels: z.tuple([int, int]).optional(),
    hidden: int.optional(),
    image_size: int.optional(),
  },
  ResNet: {
    ...classifier,
    depth: z.union([z.literal(18), z.literal(34), z.literal(50)]).optional(),
    in_channels: int.optional(),
    base_channels: int.optional(),
  },
  Constant: { ...baseInit, val: z.number() },
  Xavier: { ...baseInit, gain: z.number().optional(), distribution: distribution.optional() },
  Normal: { ...baseInit, mean: z.number().optional(), std: z.number().optional() },
  TruncNormal: {
    ...baseInit,
    mean: z.number().optional(),
    std: z.number().optional(),
    a: z.number().optional(),
    b: z.number().optional(),
  },
  Uniform: { ...baseInit, a: z.number().optional(), b: z.number().optional() },
  Kaiming: kaiming,
  Caffe2Xavier: kaiming,
  Pretrained: {
    checkpoint: z.string(),
    prefix: z.string().optional(),
    revise_keys: z.array(z.tuple([z.union([z.string(), z.instanceof(RegExp)]), z.string()])).optional(),
    map_location: z.string().optional(),
  },
} satisfies Record<string, z.ZodRawShape>;

/** The schema of the class registered as `name`. */
export function modelSchema(name: keyof typeof modelShapes): ModelOptionsSchema {
  return optionsSchema(modelShapes[name]);
}

// The compiler checks that each shape declares exactly the keys of its class's options interface.
modelShapes.ReLU satisfies ShapeOf<InplaceOptions>;
modelShapes.ReLU6 satisfies ShapeOf<InplaceOptions>;
modelShapes.LeakyReLU satisfies ShapeOf<LeakyReLUOptions>;
modelShapes.GELU satisfies ShapeOf<GELUOptions>;
modelShapes.Softmax satisfies ShapeOf<SoftmaxOptions>;
modelShapes.Linear satisfies ShapeOf<LinearOptions>;
modelShapes.Conv2d satisfies ShapeOf<Conv2dOptions>;
modelShapes.BatchNorm1d satisfies ShapeOf<BatchNormOptions>;
modelShapes.BatchNorm2d satisfies ShapeOf<BatchNormOptions>;
modelShapes.LayerNorm satisfies ShapeOf<LayerNormOptions>;
modelShapes.GroupNorm satisfies ShapeOf<GroupNormOptions>;
modelShapes.MaxPool2d satisfies ShapeOf<PoolOptions>;
modelShapes.AvgPool2d satisfies ShapeOf<AvgPoolOptions>;
modelShapes.AdaptiveAvgPool2d satisfies ShapeOf<AdaptiveAvgPool2dOptions>;
modelShapes.Dropout satisfies ShapeOf<DropoutOptions>;
modelShapes.Embedding satisfies ShapeOf<EmbeddingOptions>;
modelShapes.Flatten satisfies ShapeOf<FlattenOptions>;
modelShapes.BaseDataPreprocessor satisfies ShapeOf<BaseDataPreprocessorOptions>;
modelShapes.ImgDataPreprocessor satisfies ShapeOf<ImgDataPreprocessorOptions>;
modelShapes.ExponentialMovingAverage satisfies ShapeOf<EMAOptions>;
modelShapes.MomentumAnnealingEMA satisfies ShapeOf<MomentumAnnealingEMAOptions>;
modelShapes.StochasticWeightAverage satisfies ShapeOf<AveragedModelOptions>;
modelShapes.MLP satisfies ShapeOf<MLPOptions>;
modelShapes.SmallCNN satisfies ShapeOf<SmallCNNOptions>;
modelShapes.ResNet satisfies ShapeOf<ResNetOptions>;
modelShapes.Kaiming satisfies ShapeOf<KaimingInitOptions>;
modelShapes.Caffe2Xavier satisfies ShapeOf<KaimingInitOptions>;
modelShapes.Pretrained satisfies ShapeOf<PretrainedInitOptions>;
modelShapes.Sigmoid satisfies ShapeOf<BaseModuleOptions>;
modelShapes.Tanh satisfies ShapeOf<BaseModuleOptions>;
