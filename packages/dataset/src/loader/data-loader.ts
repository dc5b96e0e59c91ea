import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, didYouMean, getDistInfo } from '@eng/internal';
import { DATA_SAMPLERS, DATASETS, FUNCTIONS, withConfigPath } from '@eng/registry';
import { getRandomSeed } from '@eng/tensor-gpu';
import type Piscina from 'piscina';
import type { DatasetLike } from '../dataset/dataset-like';
import { DatasetError } from '../errors';
import { pseudoCollate } from '../collate/collate';
import { DefaultSampler, positionForWorldSize } from '../samplers/default-sampler';
import type { SamplerLike, SamplerState } from '../samplers/sampler-like';
import { workerDatasetConfig } from './dataset-config';
import { runSampleTask, type SampleFailure, type SampleTask } from './sample-task';
import { decodeFromTransfer } from './transfer-codec';
import { createWorkerPool } from './worker-pool';

type Config = { type: string | Function; [key: string]: unknown };
export type CollateFunction = (batch: unknown[]) => unknown;

export interface DataLoaderOptions {
  /** A dataset, or its config (built from DATASETS; with workers, each worker builds its own copy from it). */
  dataset: DatasetLike | Config;
  /** Samples per batch (default 1). */
  batch_size?: number;
  /** A sampler or its config (`{ type: 'DefaultSampler', shuffle: true }`); default: every index in order. */
  sampler?: SamplerLike | Config | null;
  /** Yields whole batches of indices; replaces `batch_size`, `sampler` and `drop_last`. */
  batch_sampler?: (Iterable<number[]> & { readonly length?: number }) | null;
  /** A function or a FUNCTIONS config (`{ type: 'default_collate' }`); default `pseudo_collate`. */
  collate_fn?: CollateFunction | Config | null;
  /** Worker threads that read and transform samples (default 0: on the main thread). */
  num_workers?: number;
  /** Keep the workers between epochs (default false: a new pool each epoch). */
  persistent_workers?: boolean;
  /** Drop the last batch when it is smaller than `batch_size` (default false). */
  drop_last?: boolean;
  /** Seeds every sample's random stream with (seed, epoch, position). Default: the run's seed, else random. */
  seed?: number | null;
  /** Modules (paths) or packages each worker imports before building the dataset (they register its classes). */
  worker_imports?: readonly string[];
  /** Batches in flight per worker (default 2; with no workers, batches in flight). */
  prefetch_factor?: number;
}

/** The loader's state for a resume: the sampler's, with `position` counting the samples yielded so far. */
export interface DataLoaderState extends SamplerState {
  /** The loader's seed, so that a resumed run draws the same augmentations. */
  loader_seed: number;
}

function isConfig(value: unknown): value is Config {
  return value !== null && typeof value === 'object' && 'type' in value;
}

function positiveInt(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new DatasetError('BAD_OPTIONS', `DataLoader: ${name} should be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

function buildCollate(cfg: CollateFunction | Config | null | undefined): CollateFunction {
  if (cfg === null || cfg === undefined) return pseudoCollate as CollateFunction;
  if (typeof cfg === 'function') return cfg;
  if (!isConfig(cfg))
    throw new DatasetError(
      'BAD_OPTIONS',
      `DataLoader: collate_fn should be a function or a config, got ${describe(cfg)}`,
    );
  const { type, ...kwargs } = cfg;
  const fn = typeof type === 'function' ? type : FUNCTIONS.get(type);
  if (typeof fn !== 'function') {
    const names = [...FUNCTIONS.moduleDict.keys()];
    throw new DatasetError(
      'BAD_OPTIONS',
      `collate_fn: "${String(type)}" is not in the "function" registry. ${didYouMean(String(type), names)} Registered: ${names.join(', ')}`,
    );
  }
  // MMEngine's `partial(collate_fn, **kwargs)`.
  return Object.keys(kwargs).length === 0
    ? (fn as CollateFunction)
    : (batch) => (fn as (b: unknown[], k: object) => unknown)(batch, kwargs);
}

function* chunk(indices: Iterable<number>, size: number, dropLast: boolean): Generator<number[]> {
  let batch: number[] = [];
  for (const i of indices) {
    batch.push(i);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0 && !dropLast) yield batch;
}

/** Resolves `worker_imports` as the main thread sees them (relative paths and packages from the working directory). */
function resolveImport(spec: string): string {
  if (/^[a-z]+:/i.test(spec)) return spec;
  try {
    return pathToFileURL(createRequire(join(process.cwd(), 'noop.js')).resolve(spec)).href;
  } catch {
    return spec.startsWith('.') || spec.startsWith('/') ? pathToFileURL(join(process.cwd(), spec)).href : spec;
  }
}

/**
 * PyTorch's `DataLoader` as MMEngine configures it: batches of samples from a sampler, collated (`pseudo_collate` by
 * default), read ahead while the model computes, optionally in worker threads.
 *
 * Every sample's random transforms draw from a stream seeded by (seed, epoch, the sample's position in the epoch),
 * so the batches do not depend on `num_workers`: two workers yield exactly the batches, in the same order, that
 * none yields. Workers build the dataset from its config after importing `worker_imports`, take its records from
 * the main thread's shared memory (`serialize_data`), and send samples back with their typed arrays transferred;
 * tensors are made on the main thread by the collate function.
 *
 * @example
 * const loader = new DataLoader({ dataset: { length: 5, getItem: (i: number) => i }, batch_size: 2 });
 * const batches = [];
 * for await (const batch of loader) batches.push(batch);
 * batches; // [[0, 1], [2, 3], [4]]
 */
export class DataLoader implements AsyncIterable<unknown> {
  readonly dataset: DatasetLike;
  readonly batchSize: number;
  readonly sampler: SamplerLike | undefined;
  readonly batchSampler: (Iterable<number[]> & { readonly length?: number }) | undefined;
  readonly collateFn: CollateFunction;
  readonly numWorkers: number;
  readonly persistentWorkers: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  readonly prefetchFactor: number;
  private readonly _datasetConfig: Config | undefined;
  private readonly _workerImports: readonly string[];
  private _pool: Piscina | undefined;
  private _epoch = 0;
  private _consumed = 0;
  private _resumeAt = 0;
  private _closed = false;
  /** An error a worker raised outside any task; reported with the next failure. */
  private _poolError: unknown;

  constructor(options: DataLoaderOptions) {
    if (options === null || typeof options !== 'object') {
      throw new DatasetError('BAD_OPTIONS', `DataLoader expects an options object, got ${describe(options)}`);
    }
    const {
      dataset,
      batch_size = 1,
      sampler = null,
      batch_sampler = null,
      collate_fn = null,
      num_workers = 0,
      persistent_workers = false,
      drop_last = false,
      seed = null,
      worker_imports = [],
      prefetch_factor = 2,
    } = options;
    if (dataset === undefined || dataset === null)
      throw new DatasetError('BAD_OPTIONS', 'DataLoader: dataset is required');
    this._datasetConfig = isConfig(dataset) && !('getItem' in dataset) ? dataset : undefined;
    this.dataset = this._datasetConfig
      ? (withConfigPath('dataset', () => DATASETS.build(this._datasetConfig as never)) as DatasetLike)
      : (dataset as DatasetLike);
    if (typeof (this.dataset as { getItem?: unknown }).getItem !== 'function') {
      throw new DatasetError(
        'BAD_OPTIONS',
        `DataLoader: dataset should have getItem(idx) and length, got ${describe(this.dataset)}`,
      );
    }
    this.batchSize = positiveInt(batch_size, 'batch_size', 1);
    this.numWorkers = positiveInt(num_workers, 'num_workers', 0);
    this.prefetchFactor = positiveInt(prefetch_factor, 'prefetch_factor', 1);
    this.persistentWorkers = persistent_workers;
    this.dropLast = drop_last;
    this.seed = seed ?? getRandomSeed() ?? Math.floor(Math.random() * 2 ** 31);
    this._workerImports = worker_imports.map(resolveImport);
    if (persistent_workers && this.numWorkers === 0) {
      throw new DatasetError('BAD_OPTIONS', 'DataLoader: persistent_workers needs num_workers > 0');
    }
    if (batch_sampler !== null) {
      if (sampler !== null || options.batch_size !== undefined || drop_last) {
        throw new DatasetError(
          'BAD_OPTIONS',
          'DataLoader: batch_sampler is mutually exclusive with batch_size, sampler and drop_last',
        );
      }
      this.batchSampler = batch_sampler;
      this.sampler = undefined;
    } else {
      this.batchSampler = undefined;
      this.sampler = isConfig(sampler)
        ? (withConfigPath('sampler', () =>
            DATA_SAMPLERS.build(sampler as never, { dataset: this.dataset }),
          ) as SamplerLike)
        : (sampler ?? new DefaultSampler({ dataset: this.dataset, shuffle: false, round_up: false }));
    }
    this.collateFn = withConfigPath('collate_fn', () => buildCollate(collate_fn));
  }

  /** Batches per epoch. */
  get length(): number {
    if (this.batchSampler) {
      const n = this.batchSampler.length;
      if (typeof n !== 'number') throw new DatasetError('BAD_OPTIONS', 'DataLoader: this batch_sampler has no length');
      return n;
    }
    const n = (this.sampler as SamplerLike).length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Forwards a new epoch to the sampler (a new shuffle) and to the samples' random streams. */
  setEpoch(epoch: number): void {
    this._epoch = epoch;
    this.sampler?.setEpoch?.(epoch);
  }

  private get _currentEpoch(): number {
    return this.sampler?.stateDict?.().epoch ?? this._epoch;
  }

  /** What a checkpoint saves: the sampler's state with `position` = samples yielded this epoch, and the seed. */
  stateDict(): DataLoaderState {
    const base = this.sampler?.stateDict?.() ?? { epoch: this._epoch, seed: this.seed, position: 0 };
    return { ...base, epoch: this._currentEpoch, position: this._consumed, loader_seed: this.seed };
  }

  /** Resumes mid-epoch: the next iteration yields exactly the batches that were left. */
  loadStateDict(state: DataLoaderState): void {
    if (!this.sampler?.loadStateDict) {
      throw new DatasetError(
        'BAD_OPTIONS',
        'DataLoader.loadStateDict: the sampler has no loadStateDict, so a run cannot resume mid-epoch',
      );
    }
    const saved = state.world_size === undefined ? {} : { world_size: state.world_size };
    this.sampler.loadStateDict({ epoch: state.epoch, seed: state.seed, position: state.position, ...saved });
    this._epoch = state.epoch;
    // a state saved by another number of ranks: the same samples, counted in this rank's share
    this._resumeAt = positionForWorldSize(state, getDistInfo().worldSize, 'DataLoader');
    if (typeof state.loader_seed === 'number') (this as { seed: number }).seed = state.loader_seed;
  }

  private _batches(): Iterable<number[]> {
    return this.batchSampler ?? chunk(this.sampler as SamplerLike, this.batchSize, this.dropLast);
  }

  private async _startPool(): Promise<Piscina> {
    if (this._pool) return this._pool;
    await this.dataset.fullInit?.();
    const shared = (this.dataset as { exportSharedState?: () => unknown }).exportSharedState?.();
    this._pool = createWorkerPool(
      this.numWorkers,
      {
        dataset: this._datasetConfig ?? workerDatasetConfig(this.dataset),
        sharedState: shared,
        imports: this._workerImports,
      },
      (error) => {
        this._poolError ??= error;
      },
    );
    return this._pool;
  }

  private async _stopPool(): Promise<void> {
    const pool = this._pool;
    this._pool = undefined;
    await pool?.destroy();
  }

  private _failure(
    failure: SampleFailure | Omit<SampleFailure, 'index' | 'transform'>,
    cause: unknown,
    inWorker: boolean,
  ): DatasetError {
    const where = 'index' in failure ? `sample ${failure.index}` : 'building the dataset';
    const step = 'transform' in failure && failure.transform ? ` in transform ${failure.transform}` : '';
    let original = cause;
    if (original === undefined) {
      const rebuilt = new Error(failure.message);
      rebuilt.name = failure.name;
      if (failure.stack) rebuilt.stack = failure.stack;
      original = rebuilt;
    }
    return new DatasetError(
      inWorker ? 'WORKER_FAILED' : 'TRANSFORM_FAILED',
      `${inWorker ? 'a data loader worker failed on' : 'the data loader failed on'} ${where}${step}: ${failure.name}: ${failure.message}`,
      { cause: original },
    );
  }

  private _run(task: SampleTask, pool: Piscina | undefined): Promise<unknown[]> {
    if (pool === undefined) {
      return runSampleTask(this.dataset, task).then((result) => {
        if ('failure' in result) throw this._failure(result.failure, result.cause, false);
        return result.items;
      });
    }
    return pool.run(task).then((reply: { items?: unknown; failure?: SampleFailure; setupFailure?: SampleFailure }) => {
      if (reply.failure) throw this._failure(reply.failure, undefined, true);
      if (reply.setupFailure) throw this._failure(reply.setupFailure, undefined, true);
      return decodeFromTransfer(reply.items) as unknown[];
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<unknown> {
    if (this._closed) throw new DatasetError('LOADER_CLOSED', 'DataLoader: iterated after close()');
    await this.dataset.fullInit?.();
    const epoch = this._currentEpoch;
    let ordinal = this._resumeAt;
    this._consumed = this._resumeAt;
    this._resumeAt = 0;
    const pool = this.numWorkers > 0 ? await this._startPool() : undefined;
    const inFlight: { size: number; result: Promise<unknown[]> }[] = [];
    const limit = Math.max(1, this.numWorkers) * this.prefetchFactor;
    const batches = this._batches()[Symbol.iterator]();
    let exhausted = false;
    const fill = () => {
      while (!exhausted && inFlight.length < limit) {
        const next = batches.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const indices = next.value;
        const task: SampleTask = { indices, ordinals: indices.map((_, i) => ordinal + i), epoch, seed: this.seed };
        ordinal += indices.length;
        const result = this._run(task, pool);
        result.catch(() => {}); // observed when its turn comes; never an unhandled rejection meanwhile
        inFlight.push({ size: indices.length, result });
      }
    };
    try {
      fill();
      while (inFlight.length > 0) {
        const head = inFlight.shift() as { size: number; result: Promise<unknown[]> };
        const items = await head.result;
        fill();
        this._consumed += head.size;
        yield this.collateFn(items);
      }
    } catch (error) {
      await this._stopPool();
      throw error;
    } finally {
      if (!this.persistentWorkers) await this._stopPool();
    }
  }

  /** Stops the workers (a persistent pool too) and refuses further iteration. */
  async close(): Promise<void> {
    this._closed = true;
    await this._stopPool();
  }
}
