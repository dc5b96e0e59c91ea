import { DataLoader } from '@eng/dataset';
import { disposeAll } from '@eng/tensor-gpu';
import type { DataloaderLike } from '../hooks/hook';
import type { Runner } from '../runner/runner';

/** A dataloader as the loops use it: async iteration, a length, and epoch/position state for exact resume. */
export interface LoopDataloader extends DataloaderLike, AsyncIterable<unknown> {
  readonly dataset?: unknown;
  readonly batchSize?: number;
  setEpoch?(epoch: number): void;
  stateDict?(): LoaderState;
  loadStateDict?(state: LoaderState): void;
  close?(): Promise<void> | void;
}

/** What a loader's `stateDict()` returns: the epoch, its seed, and the samples of that epoch already yielded. */
export interface LoaderState {
  epoch: number;
  seed: number;
  position: number;
  [key: string]: unknown;
}

/**
 * MMEngine's `BaseLoop`: a loop owns its dataloader (built from a config by the runner) and `run()` drives the
 * runner's hooks around each epoch and iteration.
 */
export abstract class BaseLoop {
  readonly runner: Runner;
  readonly dataloader: LoopDataloader;

  constructor(runner: Runner, dataloader: unknown, key: string) {
    this.runner = runner;
    this.dataloader = runner.buildDataloader(dataloader, key);
  }

  /**
   * Releases the tensors of a batch once every hook has seen it, when the batch came from a `DataLoader` (whose
   * collate function made them for this iteration); another iterable's batches stay its own.
   */
  protected releaseBatch(batch: unknown): void {
    if (this.dataloader instanceof DataLoader) disposeAll(batch);
  }

  abstract run(): Promise<unknown>;

  /** Waits for the dataset to load (a `lazy_init` or file-backed dataset), so the loop's length is known. */
  async ready(): Promise<void> {
    await (this.dataloader.dataset as { fullInit?: () => unknown } | undefined)?.fullInit?.();
  }
}

/** The first position of `milestones` greater than `value` (Python's `bisect.bisect`). */
function bisectRight(milestones: readonly number[], value: number): number {
  let lo = 0;
  let hi = milestones.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < (milestones[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * MMEngine's `calc_dynamic_intervals`: `[[milestone, interval], ...]` switches the validation interval once the
 * epoch (or iteration) passes each milestone.
 */
export class DynamicIntervals {
  readonly milestones: number[];
  readonly intervals: number[];

  constructor(startInterval: number, dynamicIntervals: ReadonlyArray<readonly [number, number]> | null | undefined) {
    this.milestones = [0];
    this.intervals = [startInterval];
    for (const [milestone, interval] of dynamicIntervals ?? []) {
      this.milestones.push(milestone);
      this.intervals.push(interval);
    }
    for (let i = 1; i < this.milestones.length; i++) {
      if ((this.milestones[i] as number) < (this.milestones[i - 1] as number)) {
        throw new RangeError('dynamic_intervals: the milestones should be in ascending order');
      }
    }
  }

  /** The interval in effect at `value` (the next epoch or iteration, 1-based). */
  at(value: number): number {
    return this.intervals[bisectRight(this.milestones, value) - 1] as number;
  }
}
