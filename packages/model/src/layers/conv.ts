import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { fillKaimingUniform, fillUniform } from '../init/fill';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { checkLastAxis, checkRank, checkWindowFits, type Pair, pair, positiveInt } from './arg-checks';
import { newVariable } from './new-variable';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface Conv2dOptions extends BaseModuleOptions {
  in_channels: number;
  out_channels: number;
  kernel_size: Pair;
  stride?: Pair;
  /** Zero padding on each side, `'same'` or `'valid'` (default 0). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  /** Only `'zeros'` is supported. */
  padding_mode?: 'zeros';
}

/**
 * 2-D convolution on NHWC inputs (TensorFlow.js' native layout). `weight` is stored as `[kh, kw, in_channels/groups,
 * out_channels]` (HWIO): a PyTorch weight `[out, in/groups, kh, kw]` maps to it with `transpose([2, 3, 1, 0])`.
 * `bias` is `[out_channels]` in both. Default initialisation is PyTorch's.
 *
 * @example
 * const conv = new Conv2d({ in_channels: 3, out_channels: 8, kernel_size: 3, padding: 1 });
 * conv.forward(tf.zeros([1, 32, 32, 3])).shape; // [1, 32, 32, 8]
 */
export class Conv2d extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Conv2d');

  static override readonly torchBases: readonly string[] = ['_ConvNd'];
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  private readonly _pad:
    | number
    | 'same'
    | 'valid'
    | [[number, number], [number, number], [number, number], [number, number]];

  constructor(options: Conv2dOptions) {
    super(options);
    this.inChannels = positiveInt('Conv2d', 'in_channels', options?.in_channels);
    this.outChannels = positiveInt('Conv2d', 'out_channels', options.out_channels);
    this.kernelSize = pair('Conv2d kernel_size', options.kernel_size);
    this.stride = pair('Conv2d stride', options.stride, 1);
    this.dilation = pair('Conv2d dilation', options.dilation, 1);
    this.groups = positiveInt('Conv2d', 'groups', options.groups ?? 1);
    if (options.padding_mode !== undefined && options.padding_mode !== 'zeros') {
      throw new ModelError(
        'UNSUPPORTED_OPTION',
        `Conv2d: padding_mode "${options.padding_mode}" is not supported (only "zeros")`,
      );
    }
    if (this.inChannels % this.groups || this.outChannels % this.groups) {
      throw new ModelError(
        'BAD_GROUPS',
        `Conv2d: in_channels (${this.inChannels}) and out_channels (${this.outChannels}) must be divisible by groups (${this.groups})`,
      );
    }
    const padding = options.padding ?? 0;
    if (padding === 'same' || padding === 'valid') {
      if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
        throw new ModelError(
          'BAD_PADDING',
          "Conv2d: padding='same' is not supported for strided convolutions (as in PyTorch)",
        );
      }
      this.padding = padding;
      this._pad = padding;
    } else {
      const [ph, pw] = pair('Conv2d padding', padding);
      this.padding = [ph, pw];
      this._pad =
        ph === pw
          ? ph
          : [
              [0, 0],
              [ph, ph],
              [pw, pw],
              [0, 0],
            ];
    }
    const [kh, kw] = this.kernelSize;
    this.registerParameter('weight', newVariable([kh, kw, this.inChannels / this.groups, this.outChannels]));
    this.registerParameter('bias', options.bias === false ? undefined : newVariable([this.outChannels]));
    this.resetParameters();
  }

  get weight(): tf.Variable {
    return this.getParameter('weight') as tf.Variable;
  }

  get bias(): tf.Variable | undefined {
    return this.getParameter('bias');
  }

  override get isDepthwiseConv(): boolean {
    return this.groups === this.inChannels && this.groups > 1;
  }

  /** Fans as PyTorch computes them for `[out, in/groups, kh, kw]`. */
  override paramFans(name: string): [number, number] {
    if (name !== 'weight') return super.paramFans(name);
    const [kh, kw] = this.kernelSize;
    return [(this.inChannels / this.groups) * kh * kw, this.outChannels * kh * kw];
  }

  resetParameters(): void {
    const fans = this.paramFans('weight');
    fillKaimingUniform(this.weight, Math.sqrt(5), 'fan_in', 'leaky_relu', fans);
    if (this.bias) {
      const bound = 1 / Math.sqrt(fans[0]);
      fillUniform(this.bias, -bound, bound);
    }
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkRank(this, x, [4], 'NHWC');
    // An NCHW input (PyTorch's layout) whose second axis has the channels: say how to convert it.
    const channelsFirst = x.shape[1] === this.inChannels && x.shape[3] !== this.inChannels;
    checkLastAxis(
      this,
      x,
      this.inChannels,
      ['input channel on the last axis (NHWC)', 'input channels on the last axis (NHWC)'],
      channelsFirst ? '; this looks like an NCHW input: eng layers take NHWC (x.transpose([0, 2, 3, 1]))' : '',
    );
    if (this.padding !== 'same') {
      const [dh, dw] = this.dilation;
      const [kh, kw] = this.kernelSize;
      const pad: [number, number] = this.padding === 'valid' ? [0, 0] : this.padding;
      checkWindowFits(this, x, [(kh - 1) * dh + 1, (kw - 1) * dw + 1], pad);
    }
    const input = x as tf.Tensor4D;
    const w = this.weight as tf.Tensor4D;
    let y: tf.Tensor4D;
    if (this.groups === 1) {
      y = tf.conv2d(input, w, this.stride, this._pad, 'NHWC', this.dilation);
    } else if (this.isDepthwiseConv) {
      const [kh, kw] = this.kernelSize;
      const filter = tf.reshape(w, [kh, kw, this.inChannels, this.outChannels / this.inChannels]) as tf.Tensor4D;
      y = tf.depthwiseConv2d(input, filter, this.stride, this._pad, 'NHWC', this.dilation);
    } else {
      const xs = tf.split(input, this.groups, 3);
      const ws = tf.split(w, this.groups, 3);
      y = tf.concat(
        xs.map((xi, i) =>
          tf.conv2d(xi as tf.Tensor4D, ws[i] as tf.Tensor4D, this.stride, this._pad, 'NHWC', this.dilation),
        ),
        3,
      );
    }
    const bias = this.bias;
    return bias ? tf.add(y, bias) : y;
  }

  override extraRepr(): string {
    return (
      `${this.inChannels}, ${this.outChannels}, kernel_size=(${this.kernelSize.join(', ')}), ` +
      `stride=(${this.stride.join(', ')}), padding=${JSON.stringify(this.padding)}` +
      (this.groups > 1 ? `, groups=${this.groups}` : '') +
      (this.bias ? '' : ', bias=false')
    );
  }
}
