import { DistError } from '../errors';
import type { NativeMpi } from './native';

/** How this process was started: on its own (`'none'`) or as one rank of an Open MPI job (`'mpi'`). */
export type Launcher = 'none' | 'mpi';

/** The distributed state of the process: one per process, shared by every copy (ESM, CJS) of the package. */
export interface DistState {
  launcher: Launcher;
  rank: number;
  worldSize: number;
  localRank: number;
  localSize: number;
  /** The Open MPI binding, under launcher 'mpi'. */
  native: NativeMpi | undefined;
  /** The last collective issued: the next one starts after it (collectives run one at a time, in call order). */
  tail: Promise<unknown>;
}

const STATE_KEY = Symbol.for('@eng/dist.state');

function fresh(): DistState {
  return {
    launcher: 'none',
    rank: 0,
    worldSize: 1,
    localRank: 0,
    localSize: 1,
    native: undefined,
    tail: Promise.resolve(),
  };
}

/** The state of this process (the single-process one until `initDist('mpi')`). */
export function distState(): DistState {
  const holder = globalThis as { [STATE_KEY]?: DistState };
  holder[STATE_KEY] ??= fresh();
  return holder[STATE_KEY];
}

/**
 * Runs `task` after every collective issued before it, and returns its result. Every rank issues the same
 * collectives in the same order, so queuing at call time (not after an `await`) keeps the ranks matched even when
 * the caller does not await each call.
 */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const state = distState();
  const run = state.tail.then(task).catch((cause: unknown) => {
    if (DistError.isInstance(cause)) throw cause;
    throw new DistError('MPI_ERROR', `rank ${state.rank}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  });
  state.tail = run.catch(() => undefined);
  return run;
}
