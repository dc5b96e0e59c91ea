import { BaseTransform, DatasetError, type Results, type TransformContext } from '@eng/dataset';
import { isImageArray } from '@eng/structures';

export interface RandomColorShiftOptions {
  /** The largest shift of each channel, in 8-bit levels (a shift is uniform in `[-max_shift, max_shift]`). Default 20. */
  max_shift?: number;
  /** The key of the image. Default 'img'. */
  key?: string;
}

/**
 * Adds one random offset per channel to an 8-bit image (a colour jitter), drawn from the sample's seeded stream
 * (`context.random`), so a sample's augmentation depends only on the loader's seed, the epoch and its position.
 *
 * @example
 * pipeline: [{ type: 'RandomColorShift', max_shift: 20 }, { type: 'PackInputs' }]
 */
export class RandomColorShift extends BaseTransform {
  readonly maxShift: number;
  readonly key: string;

  constructor(options: RandomColorShiftOptions = {}) {
    super();
    this.maxShift = options.max_shift ?? 20;
    this.key = options.key ?? 'img';
    if (!(this.maxShift >= 0)) {
      throw new DatasetError('BAD_OPTIONS', `RandomColorShift: max_shift should be >= 0, got ${this.maxShift}`);
    }
  }

  transform(results: Results, context?: TransformContext): Results {
    const img = results[this.key];
    if (!isImageArray(img) || !(img.data instanceof Uint8Array)) {
      throw new DatasetError('BAD_RECORD', `RandomColorShift: results.${this.key} should be an 8-bit image`);
    }
    const random = this.randomOf(context);
    const shifts = Array.from({ length: img.channels }, () =>
      Math.round(random.uniform(-this.maxShift, this.maxShift)),
    );
    const data = new Uint8Array(img.data.length);
    for (let i = 0; i < data.length; i++) {
      data[i] = Math.max(0, Math.min(255, (img.data[i] as number) + (shifts[i % img.channels] as number)));
    }
    return { ...results, [this.key]: { ...img, data } };
  }
}
