import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { fillConstant } from '../init/fill';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { moduleLabel } from '../module/module-name';
import { checkLastAxis, checkRank, checkTensor, positiveInt } from './arg-checks';
import { newVariable } from './new-variable';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

/** `(x - mean) / sqrt(variance + eps)`: the normalization every norm layer applies before its affine transform. */
function standardize(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, eps: number): tf.Tensor {
  return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
}

/** The learnable affine transform `y * weight + bias`, each part skipped when the layer does not have it. */
function applyAffine(y: tf.Tensor, weight: tf.Variable | undefined, bias: tf.Variable | undefined): tf.Tensor {
  if (weight) y = tf.mul(y, weight);
  if (bias) y = tf.add(y, bias);
  return y;
}

/** Resets the affine parameters to the identity transform (weight 1, bias 0), as PyTorch's norm layers start. */
function resetAffine(weight: tf.Variable | undefined, bias: tf.Variable | undefined): void {
  if (weight) fillConstant(weight, 1);
  if (bias) fillConstant(bias, 0);
}

export interface BatchNormOptions extends BaseModuleOptions {
  num_features: number;
  eps?: number;
  /** Weight of the new batch statistic in the running average (PyTorch's meaning); `null`: cumulative average. */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/**
 * Batch normalization over every axis but the last (channels-last inputs). Buffers `running_mean`, `running_var`
 * and `num_batches_tracked`, parameters `weight` (γ) and `bias` (β), all named and shaped as PyTorch's.
 * Running variance uses the unbiased batch variance, as PyTorch does.
 */
export class BatchNorm extends BaseModule {
  static override readonly torchBases: readonly string[] = ['_BatchNorm', '_NormBase'];
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  protected readonly ranks: number[] = [2, 3, 4, 5];
  protected readonly layout: string = 'channels-last';

  constructor(options: BatchNormOptions) {
    super(options);
    const name = new.target.name;
    this.numFeatures = positiveInt(name, 'num_features', options?.num_features);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.track_running_stats ?? true;
    const c = this.numFeatures;
    this.registerParameter('weight', this.affine ? newVariable([c]) : undefined);
    this.registerParameter('bias', this.affine ? newVariable([c]) : undefined);
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', tf.zeros([c]));
      this.registerBuffer('running_var', tf.ones([c]));
      this.registerBuffer('num_batches_tracked', tf.scalar(0, 'int32'));
    }
    this.resetParameters();
  }

  override get isNorm(): boolean {
    return true;
  }

  get weight(): tf.Variable | undefined {
    return this.getParameter('weight');
  }

  get bias(): tf.Variable | undefined {
    return this.getParameter('bias');
  }

  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    tf.tidy(() => {
      this.setBuffer('running_mean', tf.zeros([this.numFeatures]));
      this.setBuffer('running_var', tf.ones([this.numFeatures]));
      this.setBuffer('num_batches_tracked', tf.scalar(0, 'int32'));
    });
  }

  resetParameters(): void {
    this.resetRunningStats();
    resetAffine(this.weight, this.bias);
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkRank(this, x, this.ranks, this.layout);
    checkLastAxis(this, x, this.numFeatures, [
      'channel on the last axis (num_features)',
      'channels on the last axis (num_features)',
    ]);
    const c = this.numFeatures;
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const useBatchStats = this.training || !this.trackRunningStats;
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (useBatchStats) {
      const moments = tf.moments(x, axes);
      mean = moments.mean;
      variance = moments.variance;
      if (this.training && this.trackRunningStats) this._updateRunningStats(mean, variance, x.size / c);
    } else {
      mean = this.getBuffer('running_mean') as tf.Variable;
      variance = this.getBuffer('running_var') as tf.Variable;
    }
    return applyAffine(standardize(x, mean, variance, this.eps), this.weight, this.bias);
  }

  private _updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, n: number): void {
    tf.tidy(() => {
      const tracked = this.getBuffer('num_batches_tracked') as tf.Variable;
      let factor: number;
      if (this.momentum === null) {
        // Cumulative average: needs the count on the host.
        const count = (tracked.dataSync()[0] as number) + 1;
        this.setBuffer('num_batches_tracked', tf.scalar(count, 'int32'));
        factor = 1 / count;
      } else {
        this.setBuffer('num_batches_tracked', tf.add(tracked, tf.scalar(1, 'int32')));
        factor = this.momentum;
      }
      const m = mean;
      const unbiased = tf.mul(n > 1 ? n / (n - 1) : 1, variance);
      const rm = this.getBuffer('running_mean') as tf.Variable;
      const rv = this.getBuffer('running_var') as tf.Variable;
      this.setBuffer('running_mean', tf.add(tf.mul(rm, 1 - factor), tf.mul(m, factor)));
      this.setBuffer('running_var', tf.add(tf.mul(rv, 1 - factor), tf.mul(unbiased, factor)));
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, track_running_stats=${this.trackRunningStats}`;
  }
}

/** BatchNorm over `[N, C]` or `[N, L, C]` inputs. */
export class BatchNorm1d extends BatchNorm {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('BatchNorm1d');

  protected override readonly ranks = [2, 3];
  protected override readonly layout = 'NC or NLC';
}

/** BatchNorm over NHWC inputs. */
export class BatchNorm2d extends BatchNorm {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('BatchNorm2d');

  protected override readonly ranks = [4];
  protected override readonly layout = 'NHWC';
}

export interface LayerNormOptions extends BaseModuleOptions {
  normalized_shape: number | number[];
  eps?: number;
  elementwise_affine?: boolean;
  bias?: boolean;
}

/** Layer normalization over the trailing `normalized_shape` axes, as PyTorch's. */
export class LayerNorm extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('LayerNorm');

  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(options: LayerNormOptions) {
    super(options);
    const shape = options?.normalized_shape;
    this.normalizedShape = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : [];
    if (!this.normalizedShape.length) {
      throw new TypeError(
        `LayerNorm: normalized_shape must be a number or a list of numbers, got ${JSON.stringify(shape)}`,
      );
    }
    for (const d of this.normalizedShape) positiveInt('LayerNorm', 'normalized_shape', d);
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwise_affine ?? true;
    const affine = this.elementwiseAffine;
    this.registerParameter('weight', affine ? newVariable(this.normalizedShape) : undefined);
    this.registerParameter('bias', affine && options.bias !== false ? newVariable(this.normalizedShape) : undefined);
    this.resetParameters();
  }

  override get isNorm(): boolean {
    return true;
  }

  get weight(): tf.Variable | undefined {
    return this.getParameter('weight');
  }

  get bias(): tf.Variable | undefined {
    return this.getParameter('bias');
  }

  resetParameters(): void {
    resetAffine(this.weight, this.bias);
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkTensor(this, x);
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ModelError(
        'BAD_INPUT_SHAPE',
        `${moduleLabel(this)} expects an input whose last ${k === 1 ? 'axis is' : `${k} axes are`} ` +
          `[${this.normalizedShape.join(', ')}] (normalized_shape), got shape [${x.shape.join(', ')}]`,
      );
    }
    const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
    const { mean, variance } = tf.moments(x, axes, true);
    return applyAffine(standardize(x, mean, variance, this.eps), this.weight, this.bias);
  }

  override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], eps=${this.eps}, elementwise_affine=${this.elementwiseAffine}`;
  }
}

export interface GroupNormOptions extends BaseModuleOptions {
  num_groups: number;
  num_channels: number;
  eps?: number;
  affine?: boolean;
}

/** Group normalization over channels-last inputs (`[N, ..., C]`): statistics per sample and per channel group. */
export class GroupNorm extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('GroupNorm');

  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;

  constructor(options: GroupNormOptions) {
    super(options);
    this.numGroups = positiveInt('GroupNorm', 'num_groups', options?.num_groups);
    this.numChannels = positiveInt('GroupNorm', 'num_channels', options.num_channels);
    if (this.numChannels % this.numGroups) {
      throw new ModelError(
        'BAD_GROUPS',
        `GroupNorm: num_channels (${this.numChannels}) must be divisible by num_groups (${this.numGroups})`,
      );
    }
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    this.registerParameter('weight', this.affine ? newVariable([this.numChannels]) : undefined);
    this.registerParameter('bias', this.affine ? newVariable([this.numChannels]) : undefined);
    resetAffine(this.weight, this.bias);
  }

  override get isNorm(): boolean {
    return true;
  }

  get weight(): tf.Variable | undefined {
    return this.getParameter('weight');
  }

  get bias(): tf.Variable | undefined {
    return this.getParameter('bias');
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkTensor(this, x);
    if (x.rank < 2) {
      throw new ModelError(
        'BAD_INPUT_RANK',
        `${moduleLabel(this)} expects an input of rank 2 or more ([N, ..., C]), got shape [${x.shape.join(', ')}]`,
      );
    }
    checkLastAxis(this, x, this.numChannels, [
      'channel on the last axis (num_channels)',
      'channels on the last axis (num_channels)',
    ]);
    return tf.tidy(() => {
      const g = this.numGroups;
      const grouped = tf.reshape(x, [...x.shape.slice(0, -1), g, this.numChannels / g]);
      // statistics over every axis but the batch and the group axis
      const axes = Array.from({ length: grouped.rank - 1 }, (_, i) => i).filter(
        (a) => a !== 0 && a !== grouped.rank - 2,
      );
      axes.push(grouped.rank - 1);
      const { mean, variance } = tf.moments(grouped, axes, true);
      const y = tf.reshape(standardize(grouped, mean, variance, this.eps), x.shape);
      return applyAffine(y, this.weight, this.bias);
    });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}
