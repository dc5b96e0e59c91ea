import { deepCopy, describe } from '@eng/internal';
import { printLog } from '@eng/logging';
import { DATASETS, withConfigPath } from '@eng/registry';
import { BaseDataset, type DataInfo } from '../dataset/base-dataset';
import type { DatasetLike } from '../dataset/dataset-like';
import { FullInit } from '../dataset/full-init';
import { DatasetError } from '../errors';
import { isPromise } from '../is-promise';
import type { Results, TransformContext } from '../transforms/base-transform';

/** A wrapped dataset as options give it: an object, or its config. */
export type DatasetInput = DatasetLike | { type: string | Function; [key: string]: unknown };

/** Whether the class a config names takes `lazy_init` (BaseDataset and its subclasses, or a schema listing it). */
function takesLazyInit(cfg: { type: string | Function }): boolean {
  const cls = typeof cfg.type === 'function' ? cfg.type : DATASETS.get(cfg.type);
  if (typeof cls !== 'function') return false;
  const keys = (cls as { optionsSchema?: { keys?: readonly string[] } }).optionsSchema?.keys;
  return cls === BaseDataset || cls.prototype instanceof BaseDataset || (keys?.includes('lazy_init') ?? false);
}

/**
 * Builds a wrapped dataset from its config under the config path `path` (a lazy wrapper makes a config'd child lazy
 * too, so that nothing is read before `fullInit`), or takes an object as it is.
 */
export function buildWrapped(input: DatasetInput, path: string, lazy: boolean): DatasetLike {
  if (input !== null && typeof input === 'object' && 'type' in input && !('getItem' in input)) {
    const cfg = lazy && !('lazy_init' in input) && takesLazyInit(input) ? { ...input, lazy_init: true } : input;
    return withConfigPath(path, () => DATASETS.build(cfg as never)) as DatasetLike;
  }
  if (typeof (input as DatasetLike | null)?.getItem !== 'function') {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${path} should be a dataset or a dataset config ({ type: 'Name', ... }), but got ${describe(input)}`,
    );
  }
  return input as DatasetLike;
}

/**
 * The base of dataset wrappers (`ConcatDataset`, `RepeatDataset`, `ClassBalancedDataset`, your own): it holds the
 * wrapped datasets, initialises them (`fullInit` waits for every one, once), maps a wrapper index to a
 * `[dataset, index]` pair through {@link BaseDatasetWrapper.locate}, and passes a worker's shared state through.
 * A subclass implements `locate`, `length` and, when it needs to, `onFullInit` (computed once the children are
 * loaded).
 */
export abstract class BaseDatasetWrapper implements DatasetLike {
  readonly datasets: readonly DatasetLike[];
  protected _metainfo: Record<string, unknown> = {};
  private readonly _init = new FullInit(
    () => this.constructor.name,
    () => this._fullInit(),
  );

  constructor(datasets: readonly DatasetLike[], lazyInit: boolean) {
    this.datasets = datasets;
    if (!lazyInit) this._init.startSoon();
  }

  /** A copy of the wrapper's meta information. */
  get metainfo(): Record<string, unknown> {
    return deepCopy(this._metainfo, 'keep');
  }

  get fullyInitialized(): boolean {
    return this._init.done;
  }

  /** Initialises every wrapped dataset, then the wrapper itself (idempotent; a promise when a child loads asynchronously). */
  fullInit(): void | Promise<void> {
    return this._init.run();
  }

  private _fullInit(): void | Promise<void> {
    const pending = this.datasets.map((d) => d.fullInit?.()).filter(isPromise);
    if (pending.length === 0) return this.onFullInit();
    return Promise.all(pending).then(() => this.onFullInit());
  }

  /** What the wrapper computes once its datasets are loaded (the repeat factors of ClassBalancedDataset). */
  protected onFullInit(): void {}

  protected ensureInitialized(): void {
    this._init.ensure();
  }

  abstract get length(): number;

  /** The wrapped dataset and its index for wrapper index `idx` (already checked to be in range). */
  protected abstract locate(idx: number): [DatasetLike, number];

  getDataInfo(idx: number): DataInfo {
    this.ensureInitialized();
    const [dataset, local] = this.locate(this.checked(idx));
    if (typeof dataset.getDataInfo !== 'function') {
      throw new DatasetError(
        'BAD_OPTIONS',
        `${this.constructor.name}: the wrapped dataset ${describe(dataset)} has no getDataInfo(idx)`,
      );
    }
    return dataset.getDataInfo(local);
  }

  getItem(idx: number, context?: TransformContext): Results | Promise<Results> {
    if (!this._init.done) {
      printLog('Please call `fullInit()` manually to accelerate the speed.', { logger: 'current', level: 'WARNING' });
      const init = this.fullInit();
      if (isPromise(init)) return init.then(() => this.getItem(idx, context));
    }
    const [dataset, local] = this.locate(this.checked(idx));
    return dataset.getItem(local, context) as Results | Promise<Results>;
  }

  protected checked(idx: number): number {
    const n = this.length;
    if (!Number.isInteger(idx) || idx < 0 || idx >= n) {
      throw new RangeError(`${this.constructor.name}: index ${String(idx)} is out of range [0, ${n})`);
    }
    return idx;
  }

  /** Category ids of sample `idx`, from the wrapped dataset it maps to (which must implement `getCatIds`). */
  getCatIds(idx: number): number[] {
    this.ensureInitialized();
    const [dataset, local] = this.locate(this.checked(idx));
    if (typeof dataset.getCatIds !== 'function') {
      throw new DatasetError(
        'BAD_OPTIONS',
        `${this.constructor.name}: the wrapped dataset ${describe(dataset)} has no getCatIds(idx)`,
      );
    }
    return dataset.getCatIds(local);
  }

  getSubset(_indices: number | readonly number[]): never {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${this.constructor.name} does not support getSubset: the meaning of a subset of a wrapper is ambiguous; take the subset of the wrapped dataset first, then wrap it`,
    );
  }

  getSubset_(indices: number | readonly number[]): never {
    return this.getSubset(indices);
  }

  /** The wrapped datasets' shared states, for a worker's copy (see `BaseDataset.exportSharedState`). */
  exportSharedState(): { datasets: unknown[] } {
    this.ensureInitialized();
    return {
      datasets: this.datasets.map((d) => (d as { exportSharedState?: () => unknown }).exportSharedState?.()),
    };
  }

  importSharedState(state: { datasets: unknown[] }): void {
    this.datasets.forEach((d, i) => {
      const s = state.datasets[i];
      const target = d as { importSharedState?: (s: unknown) => void };
      if (s !== undefined && typeof target.importSharedState === 'function') target.importSharedState(s);
    });
    const pending = this.fullInit();
    if (isPromise(pending)) {
      pending.catch(() => {});
      throw new DatasetError(
        'NOT_INITIALIZED',
        `${this.constructor.name}.importSharedState: a wrapped dataset has no shared state to import and loads asynchronously`,
      );
    }
  }
}
