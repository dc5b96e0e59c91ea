import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { BaseDataPreprocessor, type BaseDataPreprocessorOptions, type DataBatch } from './data-preprocessor';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface ImgDataPreprocessorOptions extends BaseDataPreprocessorOptions {
  /** Per-channel mean (1 or 3 values), subtracted after the channel swap. */
  mean?: number[] | null;
  /** Per-channel std (1 or 3 values). */
  std?: number[] | null;
  /** Pad height and width up to a multiple of this (bottom/right). */
  pad_size_divisor?: number;
  pad_value?: number;
  bgr_to_rgb?: boolean;
  rgb_to_bgr?: boolean;
}

/**
 * Pads `[H, W, C]` (or `[H, W]`) images at the bottom/right to a common size, rounded up to a multiple of
 * `padSizeDivisor`, and stacks them into `[N, H, W, C]` (MMEngine `stack_batch`, channels last).
 */
export function stackBatch(tensors: tf.Tensor[], padSizeDivisor = 1, padValue = 0): tf.Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ModelError('EMPTY_BATCH', 'stackBatch expects a non-empty list of tensors');
  }
  const rank = (tensors[0] as tf.Tensor).rank;
  if (!tensors.every((t) => t instanceof tf.Tensor && t.rank === rank)) {
    throw new ModelError(
      'BAD_BATCH',
      `stackBatch expects tensors of one rank, got shapes ${tensors.map((t) => `[${t.shape}]`).join(', ')}`,
    );
  }
  if (rank !== 2 && rank !== 3) {
    throw new ModelError('BAD_BATCH', `stackBatch expects [H, W] or [H, W, C] tensors, got rank ${rank}`);
  }
  if (rank === 3 && !tensors.every((t) => t.shape[2] === tensors[0]?.shape[2])) {
    throw new ModelError(
      'BAD_BATCH',
      `stackBatch: images have different channel counts: ${tensors.map((t) => t.shape[2]).join(', ')}`,
    );
  }
  const div = Math.max(1, padSizeDivisor);
  const maxH = Math.ceil(Math.max(...tensors.map((t) => t.shape[0] as number)) / div) * div;
  const maxW = Math.ceil(Math.max(...tensors.map((t) => t.shape[1] as number)) / div) * div;
  return tf.tidy(() =>
    tf.stack(
      tensors.map((t) => {
        const ph = maxH - (t.shape[0] as number);
        const pw = maxW - (t.shape[1] as number);
        if (!ph && !pw) return t;
        const pads: Array<[number, number]> = [
          [0, ph],
          [0, pw],
        ];
        if (rank === 3) pads.push([0, 0]);
        return tf.pad(t, pads, padValue);
      }),
    ),
  );
}

/**
 * Image batches (MMEngine `ImgDataPreprocessor`): channel swap, float conversion, `(x - mean) / std`, padding to
 * `pad_size_divisor`, stacking. Images are channels-last: a list of `[H, W, C]` tensors or one `[N, H, W, C]` tensor.
 *
 * @example
 * const pre = new ImgDataPreprocessor({ mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5], bgr_to_rgb: true });
 * const { inputs } = pre.forward({ inputs: [tf.zeros([30, 32, 3]), tf.zeros([32, 28, 3])] }) as { inputs: tf.Tensor };
 * inputs.shape; // [2, 32, 32, 3]
 */
export class ImgDataPreprocessor extends BaseDataPreprocessor {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: ModelOptionsSchema = modelSchema('ImgDataPreprocessor');

  readonly padSizeDivisor: number;
  readonly padValue: number;
  readonly channelConversion: boolean;
  readonly enableNormalize: boolean;

  constructor(options: ImgDataPreprocessorOptions = {}) {
    super(options);
    const { mean = null, std = null, bgr_to_rgb = false, rgb_to_bgr = false } = options;
    if (bgr_to_rgb && rgb_to_bgr) {
      throw new ModelError('BAD_OPTIONS', '`bgr_to_rgb` and `rgb_to_bgr` cannot be set to true at the same time');
    }
    if ((mean == null) !== (std == null))
      throw new ModelError('BAD_OPTIONS', 'mean and std should be both null or both lists');
    if (mean != null && std != null) {
      if (mean.length !== 1 && mean.length !== 3) {
        throw new ModelError(
          'BAD_OPTIONS',
          `\`mean\` should have 1 or 3 values, to be compatible with RGB or gray image, but got ${mean.length} values`,
        );
      }
      if (std.length !== 1 && std.length !== 3) {
        throw new ModelError(
          'BAD_OPTIONS',
          `\`std\` should have 1 or 3 values, to be compatible with RGB or gray image, but got ${std.length} values`,
        );
      }
      this.registerBuffer('mean', tf.tensor1d(mean), false);
      this.registerBuffer('std', tf.tensor1d(std), false);
    }
    this.enableNormalize = mean != null;
    this.channelConversion = bgr_to_rgb || rgb_to_bgr;
    this.padSizeDivisor = options.pad_size_divisor ?? 1;
    this.padValue = options.pad_value ?? 0;
  }

  private _prepare(img: tf.Tensor, batched: boolean): tf.Tensor {
    let x = img;
    if (this.channelConversion) x = tf.reverse(x, -1);
    x = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    if (this.enableNormalize) {
      const mean = this.getBuffer('mean') as tf.Variable;
      const channels = x.shape[x.rank - 1];
      if (mean.size === 3 && channels !== 3) {
        throw new ModelError(
          'BAD_INPUT_SHAPE',
          `If the mean has 3 values, the input tensor should be ${batched ? '[N, H, W, 3]' : '[H, W, 3]'}, but got shape [${img.shape.join(', ')}]`,
        );
      }
      x = tf.div(tf.sub(x, mean), this.getBuffer('std') as tf.Variable);
    }
    return x;
  }

  override forward(data: DataBatch, _training = false): DataBatch {
    const cast = this.castData(data);
    const asArray = Array.isArray(cast);
    const batch: Record<string, unknown> = asArray ? { inputs: cast[0], data_samples: cast[1] } : { ...cast };
    const inputs = batch.inputs;
    let out: tf.Tensor;
    if (Array.isArray(inputs) && inputs.every((t) => t instanceof tf.Tensor)) {
      const imgs = inputs as tf.Tensor[];
      out = tf.tidy(() =>
        stackBatch(
          imgs.map((t) => this._prepare(t, false)),
          this.padSizeDivisor,
          this.padValue,
        ),
      );
    } else if (inputs instanceof tf.Tensor) {
      if (inputs.rank !== 4) {
        throw new ModelError(
          'BAD_INPUT_SHAPE',
          `The input of ImgDataPreprocessor should be an NHWC tensor or a list of HWC tensors, but got a tensor with shape [${inputs.shape.join(', ')}]`,
        );
      }
      out = tf.tidy(() => {
        const x = this._prepare(inputs, true);
        const [, h, w] = x.shape as number[];
        const div = Math.max(1, this.padSizeDivisor);
        const ph = Math.ceil((h as number) / div) * div - (h as number);
        const pw = Math.ceil((w as number) / div) * div - (w as number);
        if (!ph && !pw) return x;
        return tf.pad(
          x,
          [
            [0, 0],
            [0, ph],
            [0, pw],
            [0, 0],
          ],
          this.padValue,
        );
      });
    } else {
      throw new TypeError(
        `ImgDataPreprocessor expects data.inputs to be an NHWC tensor or a list of HWC tensors, but got ${describe(inputs)}`,
      );
    }
    batch.inputs = out;
    if (!('data_samples' in batch)) batch.data_samples = null;
    return asArray ? [batch.inputs, batch.data_samples] : batch;
  }
}
