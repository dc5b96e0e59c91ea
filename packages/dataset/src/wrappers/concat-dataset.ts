import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import type { DatasetLike } from '../dataset/dataset-like';
import { DatasetError } from '../errors';
import { BaseDatasetWrapper, buildWrapped, type DatasetInput } from './base-dataset-wrapper';

export interface ConcatDatasetOptions {
  datasets: readonly DatasetInput[];
  lazy_init?: boolean;
  /** Metainfo keys allowed to differ between the datasets (the first dataset's value is kept). */
  ignore_keys?: string | string[] | null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    return x.length === y.length && Array.from(x).every((v, i) => v === y[i]);
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const kindOf = (v: unknown) =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : ArrayBuffer.isView(v) ? v.constructor.name : typeof v;

/**
 * MMEngine's `ConcatDataset`: several datasets one after another, with the first one's metainfo. The others must
 * have the same metainfo, except for `ignore_keys`.
 *
 * @example
 * const a = { length: 2, getItem: (i: number) => `a${i}`, metainfo: { classes: ['cat'] } };
 * const b = { length: 1, getItem: (i: number) => `b${i}`, metainfo: { classes: ['cat'] } };
 * const both = new ConcatDataset({ datasets: [a, b] });
 * [both.length, both.getItem(2)]; // [3, 'b0']
 */
export class ConcatDataset extends BaseDatasetWrapper {
  static readonly optionsSchema = optionsSchema<ConcatDatasetOptions>({
    datasets: z.array(z.custom<DatasetInput>()).min(1),
    lazy_init: z.boolean().optional(),
    ignore_keys: z
      .union([z.string(), z.array(z.string())])
      .nullable()
      .optional(),
  } satisfies ShapeOf<ConcatDatasetOptions>);

  readonly ignoreKeys: readonly string[];
  private _cumulativeSizes: number[] = [];

  constructor(options: ConcatDatasetOptions) {
    const { datasets, lazy_init = false, ignore_keys = null } = options;
    if (!Array.isArray(datasets) || datasets.length === 0) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ConcatDataset: datasets should be a non-empty list, got ${describe(datasets)}`,
      );
    }
    super(
      datasets.map((d, i) => buildWrapped(d, `datasets[${i}]`, lazy_init)),
      lazy_init,
    );
    if (ignore_keys !== null && typeof ignore_keys !== 'string' && !Array.isArray(ignore_keys)) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ConcatDataset: ignore_keys should be a string or a list of strings, got ${describe(ignore_keys)}`,
      );
    }
    this.ignoreKeys = ignore_keys === null ? [] : typeof ignore_keys === 'string' ? [ignore_keys] : ignore_keys;
    this._metainfo = this._checkMetainfo();
  }

  private _checkMetainfo(): Record<string, unknown> {
    const metas = this.datasets.map((d) => d.metainfo ?? {});
    const first = metas[0] as Record<string, unknown>;
    const keys = new Set(metas.flatMap((m) => Object.keys(m)));
    metas.forEach((meta, i) => {
      for (const key of keys) {
        if (this.ignoreKeys.includes(key)) continue;
        if (!(key in meta)) {
          throw new DatasetError(
            'BAD_METAINFO',
            `ConcatDataset: "${key}" is not in the metainfo of datasets[${i}]; list it in ignore_keys if that is intended`,
          );
        }
        if (kindOf(meta[key]) !== kindOf(first[key])) {
          throw new DatasetError(
            'BAD_METAINFO',
            `ConcatDataset: metainfo "${key}" of datasets[${i}] is ${describe(meta[key])}, but datasets[0] has ${describe(first[key])} (another type)`,
          );
        }
        if (!sameValue(meta[key], first[key])) {
          throw new DatasetError(
            'BAD_METAINFO',
            `ConcatDataset: the metainfo of datasets[${i}] does not match datasets[0] at "${key}"; list it in ignore_keys to keep the first one's`,
          );
        }
      }
    });
    return first;
  }

  protected override onFullInit(): void {
    let total = 0;
    this._cumulativeSizes = this.datasets.map((d) => (total += d.length));
  }

  get length(): number {
    this.ensureInitialized();
    return this._cumulativeSizes.at(-1) ?? 0;
  }

  protected locate(idx: number): [DatasetLike, number] {
    let lo = 0;
    let hi = this._cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this._cumulativeSizes[mid] as number) > idx) hi = mid;
      else lo = mid + 1;
    }
    const start = lo === 0 ? 0 : (this._cumulativeSizes[lo - 1] as number);
    return [this.datasets[lo] as DatasetLike, idx - start];
  }
}
