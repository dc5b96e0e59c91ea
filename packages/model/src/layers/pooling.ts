import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { checkRank, checkWindowFits, type Pair, pair } from './arg-checks';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface PoolOptions extends BaseModuleOptions {
  kernel_size: Pair;
  /** Defaults to `kernel_size`, as PyTorch. */
  stride?: Pair | null;
  padding?: Pair;
  ceil_mode?: boolean;
  /** Only 1 is supported. */
  dilation?: Pair;
  /** Not supported (PyTorch's max-unpool indices). */
  return_indices?: boolean;
}

abstract class Pool2d extends BaseModule {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly ceilMode: boolean;

  constructor(options: PoolOptions) {
    super(options);
    const name = new.target.name;
    this.kernelSize = pair(`${name} kernel_size`, options?.kernel_size);
    this.stride = options.stride == null ? this.kernelSize : pair(`${name} stride`, options.stride);
    this.padding = pair(`${name} padding`, options.padding, 0);
    this.ceilMode = options.ceil_mode ?? false;
    const [dh, dw] = pair(`${name} dilation`, options.dilation, 1);
    if (dh !== 1 || dw !== 1 || options.return_indices) {
      throw new ModelError('UNSUPPORTED_OPTION', `${name}: dilation other than 1 and return_indices are not supported`);
    }
    const [ph, pw] = this.padding;
    if (ph * 2 > this.kernelSize[0] || pw * 2 > this.kernelSize[1]) {
      throw new ModelError('BAD_PADDING', `${name}: padding should be at most half of kernel_size`);
    }
  }

  /** Pads (PyTorch semantics: `padding` on each side, plus the extra bottom/right rows `ceil_mode` needs). */
  protected padInput(x: tf.Tensor4D, value: number): tf.Tensor4D {
    const [ph, pw] = this.padding;
    let [eh, ew] = [0, 0];
    if (this.ceilMode) {
      const extra = (size: number, k: number, s: number, p: number): number => {
        let out = Math.ceil((size + 2 * p - k) / s) + 1;
        if ((out - 1) * s >= size + p) out--; // the last window must start inside the input or left padding
        return Math.max(0, (out - 1) * s + k - (size + 2 * p));
      };
      eh = extra(x.shape[1], this.kernelSize[0], this.stride[0], ph);
      ew = extra(x.shape[2], this.kernelSize[1], this.stride[1], pw);
    }
    if (!ph && !pw && !eh && !ew) return x;
    return tf.pad(
      x,
      [
        [0, 0],
        [ph, ph + eh],
        [pw, pw + ew],
        [0, 0],
      ],
      value,
    );
  }

  override extraRepr(): string {
    return `kernel_size=(${this.kernelSize.join(', ')}), stride=(${this.stride.join(', ')}), padding=(${this.padding.join(', ')})`;
  }
}

/** Max pooling on NHWC inputs; padded cells never win (they are -∞), as in PyTorch. */
export class MaxPool2d extends Pool2d {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('MaxPool2d');

  static override readonly torchBases: readonly string[] = ['_MaxPoolNd'];

  override forward(x: tf.Tensor): tf.Tensor {
    checkRank(this, x, [4], 'NHWC');
    checkWindowFits(this, x, this.kernelSize, this.padding);
    const padded = this.padInput(x as tf.Tensor4D, Number.NEGATIVE_INFINITY);
    return tf.maxPool(padded, this.kernelSize, this.stride, 'valid');
  }
}

export interface AvgPoolOptions extends PoolOptions {
  /** Count the zero padding in the average (default true, PyTorch's default). */
  count_include_pad?: boolean;
}

/** Average pooling on NHWC inputs. */
export class AvgPool2d extends Pool2d {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('AvgPool2d');

  static override readonly torchBases: readonly string[] = ['_AvgPoolNd'];
  readonly countIncludePad: boolean;

  constructor(options: AvgPoolOptions) {
    super(options);
    this.countIncludePad = options.count_include_pad ?? true;
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkRank(this, x, [4], 'NHWC');
    checkWindowFits(this, x, this.kernelSize, this.padding);
    const input = x as tf.Tensor4D;
    const padded = this.padInput(input, 0);
    const sum = tf.avgPool(padded, this.kernelSize, this.stride, 'valid');
    if (this.countIncludePad || (!this.padding[0] && !this.padding[1] && !this.ceilMode)) return sum;
    // Divide by the number of real (unpadded) cells in each window instead of the window size.
    const ones = this.padInput(tf.onesLike(input.slice([0, 0, 0, 0], [1, -1, -1, 1])) as tf.Tensor4D, 0);
    const frac = tf.avgPool(ones, this.kernelSize, this.stride, 'valid');
    return tf.div(sum, frac);
  }
}

export interface AdaptiveAvgPool2dOptions extends BaseModuleOptions {
  output_size: number | [number | null, number | null];
}

/** Adaptive average pooling to a fixed output size (PyTorch's bin boundaries: floor(i·H/out) … ceil((i+1)·H/out)). */
export class AdaptiveAvgPool2d extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('AdaptiveAvgPool2d');

  static override readonly torchBases: readonly string[] = ['_AdaptiveAvgPoolNd'];
  readonly outputSize: [number | null, number | null];

  constructor(options: AdaptiveAvgPool2dOptions) {
    super(options);
    const o = options?.output_size;
    this.outputSize = typeof o === 'number' ? [o, o] : Array.isArray(o) && o.length === 2 ? [o[0], o[1]] : [NaN, NaN];
    if (this.outputSize.some((d) => d !== null && (!Number.isInteger(d) || (d as number) <= 0))) {
      throw new TypeError(
        `AdaptiveAvgPool2d: output_size must be a positive integer or a pair, got ${JSON.stringify(o)}`,
      );
    }
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkRank(this, x, [4], 'NHWC');
    const [, h, w] = x.shape as [number, number, number, number];
    const oh = this.outputSize[0] ?? h;
    const ow = this.outputSize[1] ?? w;
    if (oh === 1 && ow === 1) return tf.mean(x, [1, 2], true);
    if (h % oh === 0 && w % ow === 0) {
      const k: [number, number] = [h / oh, w / ow];
      return tf.avgPool(x as tf.Tensor4D, k, k, 'valid');
    }
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < oh; i++) {
      const h0 = Math.floor((i * h) / oh);
      const h1 = Math.ceil(((i + 1) * h) / oh);
      const cols: tf.Tensor[] = [];
      for (let j = 0; j < ow; j++) {
        const w0 = Math.floor((j * w) / ow);
        const w1 = Math.ceil(((j + 1) * w) / ow);
        cols.push(tf.mean(tf.slice(x, [0, h0, w0, 0], [-1, h1 - h0, w1 - w0, -1]), [1, 2], true));
      }
      rows.push(tf.concat(cols, 2));
    }
    return tf.concat(rows, 1);
  }

  override extraRepr(): string {
    return `output_size=(${this.outputSize.join(', ')})`;
  }
}
