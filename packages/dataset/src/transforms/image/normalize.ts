import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { DatasetError } from '../../errors';
import { BaseTransform, type Results } from '../base-transform';
import { badOption, imageAt } from './common';
import { normalizeImage } from './kernels';

export interface NormalizeOptions {
  /** Per-channel means (in RGB order when `to_rgb`). */
  mean: number[];
  /** Per-channel standard deviations. */
  std: number[];
  /** Swap BGR to RGB before normalizing. Default true. */
  to_rgb?: boolean;
}

/**
 * mmcv's `Normalize`: `(img - mean) / std` per channel, into a Float32Array image, after a BGR→RGB swap when
 * `to_rgb`. Records `img_norm_cfg` `{ mean, std, to_rgb }`.
 *
 * @example
 * const norm = new Normalize({ mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] });
 */
export class Normalize extends BaseTransform {
  static readonly optionsSchema = optionsSchema<NormalizeOptions>({
    mean: z.array(z.number()),
    std: z.array(z.number()),
    to_rgb: z.boolean().optional(),
  } satisfies ShapeOf<NormalizeOptions>);

  readonly mean: number[];
  readonly std: number[];
  readonly to_rgb: boolean;

  constructor(options: NormalizeOptions) {
    super();
    const { mean, std, to_rgb = true } = options ?? ({} as NormalizeOptions);
    const list = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
    if (!list(mean) || !list(std)) {
      throw badOption(
        'Normalize',
        `mean and std should be lists of numbers, got ${describe(mean)} and ${describe(std)}`,
      );
    }
    if (std.some((s) => s === 0)) throw badOption('Normalize', `std has a zero: [${std.join(', ')}]`);
    // Stored as float32 values, as mmcv's np.float32 arrays.
    this.mean = Array.from(Float32Array.from(mean));
    this.std = Array.from(Float32Array.from(std));
    this.to_rgb = to_rgb;
  }

  transform(results: Results): Results {
    const img = imageAt('Normalize', results);
    const cn = this.to_rgb ? 3 : img.channels;
    if (this.to_rgb && img.channels !== 3 && img.channels !== 4) {
      throw new DatasetError(
        'BAD_IMAGE',
        `Normalize: to_rgb needs a 3- or 4-channel image, got ${img.channels} channel(s); set to_rgb: false for grayscale images`,
      );
    }
    for (const [name, v] of [
      ['mean', this.mean],
      ['std', this.std],
    ] as const) {
      if (v.length !== 1 && v.length !== cn) {
        throw new DatasetError(
          'BAD_IMAGE',
          `Normalize: ${name} has ${v.length} values but the image has ${cn} channels`,
        );
      }
    }
    return {
      ...results,
      img: normalizeImage(img, this.mean, this.std, this.to_rgb),
      img_norm_cfg: { mean: [...this.mean], std: [...this.std], to_rgb: this.to_rgb },
    };
  }
}
