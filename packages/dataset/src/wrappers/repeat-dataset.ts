import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import type { DatasetLike } from '../dataset/dataset-like';
import { DatasetError } from '../errors';
import { BaseDatasetWrapper, buildWrapped, type DatasetInput } from './base-dataset-wrapper';

export interface RepeatDatasetOptions {
  dataset: DatasetInput;
  /** How many times to repeat the dataset. */
  times: number;
  lazy_init?: boolean;
}

/**
 * MMEngine's `RepeatDataset`: the dataset `times` times over, to make short epochs longer (less time between
 * epochs when loading is slow). Unlike MMEngine, an index past the end is a RangeError rather than wrapping around.
 *
 * @example
 * const three = { length: 3, getItem: (i: number) => i };
 * const twice = new RepeatDataset({ dataset: three, times: 2 });
 * [twice.length, twice.getItem(4)]; // [6, 1]
 */
export class RepeatDataset extends BaseDatasetWrapper {
  static readonly optionsSchema = optionsSchema<RepeatDatasetOptions>({
    dataset: z.custom<DatasetInput>(),
    times: z.number().int().nonnegative(),
    lazy_init: z.boolean().optional(),
  } satisfies ShapeOf<RepeatDatasetOptions>);

  readonly times: number;

  constructor(options: RepeatDatasetOptions) {
    const { dataset, times, lazy_init = false } = options;
    super([buildWrapped(dataset, 'dataset', lazy_init)], lazy_init);
    if (!Number.isInteger(times) || times < 0) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `RepeatDataset: times should be a non-negative integer, got ${describe(times)}`,
      );
    }
    this.times = times;
    this._metainfo = this.dataset.metainfo ?? {};
  }

  /** The wrapped dataset. */
  get dataset(): DatasetLike {
    return this.datasets[0] as DatasetLike;
  }

  get length(): number {
    this.ensureInitialized();
    return this.times * this.dataset.length;
  }

  protected locate(idx: number): [DatasetLike, number] {
    return [this.dataset, idx % this.dataset.length];
  }
}
