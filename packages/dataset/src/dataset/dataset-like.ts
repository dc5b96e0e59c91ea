import type { TransformContext } from '../transforms/base-transform';

/**
 * What wrappers, samplers and the loader need of a dataset: `BaseDataset`, every wrapper and a user's own class
 * (any object with `length` and `getItem`) all qualify.
 */
export interface DatasetLike {
  readonly length: number;
  /** The sample at `idx` after the pipeline; `context.random` seeds its random transforms. */
  getItem(idx: number, context?: TransformContext): unknown;
  readonly metainfo?: Record<string, unknown>;
  getDataInfo?(idx: number): Record<string, unknown>;
  getCatIds?(idx: number): number[];
  /** Loads what a lazily initialised dataset deferred; calling it again does nothing. */
  fullInit?(): void | Promise<void>;
}

/** Throws MMEngine's out-of-range error as a `RangeError` naming the dataset and its length. */
export function checkIndex(idx: number, length: number, owner: string): void {
  if (!Number.isInteger(idx) || idx < 0 || idx >= length) {
    throw new RangeError(`${owner}: index ${String(idx)} is out of range [0, ${length})`);
  }
}
