import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import type { DatasetLike } from '../dataset/dataset-like';
import { DatasetError } from '../errors';
import { BaseDatasetWrapper, buildWrapped, type DatasetInput } from './base-dataset-wrapper';

export interface ClassBalancedDatasetOptions {
  dataset: DatasetInput;
  /** Categories in fewer than this fraction of the samples are oversampled. */
  oversample_thr: number;
  lazy_init?: boolean;
}

/**
 * Per-sample repeat factors (MMEngine's `_get_repeat_factors`, from LVIS): with f(c) the fraction of samples that
 * contain category c, r(c) = max(1, sqrt(t / f(c))), and a sample repeats max over its categories of r(c) (1 for a
 * sample without categories).
 */
export function repeatFactors(
  dataset: Pick<DatasetLike, 'length'> & { getCatIds(idx: number): number[] },
  threshold: number,
): number[] {
  const n = dataset.length;
  const catsOf = Array.from({ length: n }, (_, i) => new Set(dataset.getCatIds(i)));
  const frequency = new Map<number, number>();
  for (const cats of catsOf) for (const c of cats) frequency.set(c, (frequency.get(c) ?? 0) + 1);
  const categoryRepeat = new Map<number, number>();
  for (const [c, count] of frequency) categoryRepeat.set(c, Math.max(1, Math.sqrt(threshold / (count / n))));
  return catsOf.map((cats) =>
    cats.size === 0 ? 1 : Math.max(...[...cats].map((c) => categoryRepeat.get(c) as number)),
  );
}

/**
 * MMEngine's `ClassBalancedDataset`: repeats samples of rare categories so that each category appears in about
 * `oversample_thr` of the samples (sample i appears ceil(r(i)) times, in order). The wrapped dataset must implement
 * `getCatIds(idx)`.
 *
 * @example
 * const ds = { length: 4, getItem: (i: number) => i, getCatIds: (i: number) => (i === 3 ? [1] : [0]) };
 * const balanced = new ClassBalancedDataset({ dataset: ds, oversample_thr: 0.5 });
 * balanced.length; // 5
 */
export class ClassBalancedDataset extends BaseDatasetWrapper {
  static readonly optionsSchema = optionsSchema<ClassBalancedDatasetOptions>({
    dataset: z.custom<DatasetInput>(),
    oversample_thr: z.number(),
    lazy_init: z.boolean().optional(),
  } satisfies ShapeOf<ClassBalancedDatasetOptions>);

  readonly oversampleThr: number;
  private _repeatIndices: number[] = [];

  constructor(options: ClassBalancedDatasetOptions) {
    const { dataset, oversample_thr, lazy_init = false } = options;
    super([buildWrapped(dataset, 'dataset', lazy_init)], lazy_init);
    if (typeof oversample_thr !== 'number' || !Number.isFinite(oversample_thr)) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ClassBalancedDataset: oversample_thr should be a number, got ${describe(oversample_thr)}`,
      );
    }
    this.oversampleThr = oversample_thr;
    this._metainfo = this.dataset.metainfo ?? {};
  }

  get dataset(): DatasetLike {
    return this.datasets[0] as DatasetLike;
  }

  protected override onFullInit(): void {
    const dataset = this.dataset;
    if (typeof dataset.getCatIds !== 'function') {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ClassBalancedDataset: the wrapped dataset ${describe(dataset)} must implement getCatIds(idx)`,
      );
    }
    const factors = repeatFactors(dataset as DatasetLike & { getCatIds(idx: number): number[] }, this.oversampleThr);
    const indices: number[] = [];
    factors.forEach((factor, i) => {
      for (let k = 0; k < Math.ceil(factor); k++) indices.push(i);
    });
    this._repeatIndices = indices;
  }

  /** For each wrapper index, the wrapped dataset's index. */
  get repeatIndices(): readonly number[] {
    this.ensureInitialized();
    return this._repeatIndices;
  }

  get length(): number {
    this.ensureInitialized();
    return this._repeatIndices.length;
  }

  protected locate(idx: number): [DatasetLike, number] {
    return [this.dataset, this._repeatIndices[idx] as number];
  }
}
