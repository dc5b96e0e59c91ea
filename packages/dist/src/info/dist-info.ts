import type { DistInfo } from '@eng/internal';
import { distState, type Launcher } from '../internal/state';

/** MMEngine's `is_distributed()`: whether `initDist('mpi')` (or `'slurm'`) set this process up as a rank of a job. */
export function isDistributed(): boolean {
  return distState().launcher !== 'none';
}

/** The launcher this process was set up with (`'none'` until `initDist('mpi')`). */
export function getLauncher(): Launcher {
  return distState().launcher;
}

/** MMEngine's `get_rank()`: this process's rank in the job, 0 in a single process. */
export function getRank(): number {
  return distState().rank;
}

/** MMEngine's `get_world_size()`: the number of ranks in the job, 1 in a single process. */
export function getWorldSize(): number {
  return distState().worldSize;
}

/** MMEngine's `get_local_rank()`: this process's rank among the ranks of its machine, 0 in a single process. */
export function getLocalRank(): number {
  return distState().localRank;
}

/** MMEngine's `get_local_size()`: the number of ranks on this process's machine, 1 in a single process. */
export function getLocalSize(): number {
  return distState().localSize;
}

/** MMEngine's `get_dist_info()`: `{ rank, worldSize }`. */
export function getDistInfo(): DistInfo {
  const { rank, worldSize } = distState();
  return { rank, worldSize };
}

/** MMEngine's `is_main_process()`: whether this is rank 0. */
export function isMainProcess(): boolean {
  return distState().rank === 0;
}

/**
 * MMEngine's `master_only`: wraps `fn` so that it runs on rank 0 only; on the other ranks the wrapper returns
 * `undefined` without calling it.
 *
 * @example
 * ```ts
 * const save = masterOnly((path: string) => `saved ${path}`);
 * console.log(save('ckpt.safetensors')); // → saved ckpt.safetensors
 * ```
 */
export function masterOnly<This, Args extends unknown[], R>(
  fn: (this: This, ...args: Args) => R,
): (this: This, ...args: Args) => R | undefined {
  return function masterOnlyWrapper(this: This, ...args: Args): R | undefined {
    return isMainProcess() ? fn.apply(this, args) : undefined;
  };
}
