import { DistError } from '../errors';
import type { NativeMpi } from './native';

/**
 * How this process was started: on its own (`'none'`), as one rank of an Open MPI job started by `mpirun`
 * (`'mpi'`), or as one task of a Slurm step started by `srun` with MPI's PMI support (`'slurm'`).
 */
export type Launcher = 'none' | 'mpi' | 'slurm';

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
  /** Asynchronous collectives issued and not yet settled (a synchronous one may only start when this is 0). */
  inFlight: number;
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
    inFlight: 0,
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
  state.inFlight += 1;
  const run = state.tail
    .then(task)
    .catch((cause: unknown) => {
      throw wrapMpiError(state.rank, cause);
    })
    .finally(() => {
      state.inFlight -= 1;
    });
  state.tail = run.catch(() => undefined);
  return run;
}

function wrapMpiError(rank: number, cause: unknown): DistError {
  if (DistError.isInstance(cause)) return cause;
  return new DistError('MPI_ERROR', `rank ${rank}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
}

/**
 * Runs `task` (synchronous native collectives) now, on this thread. MPI_THREAD_SERIALIZED lets one thread into MPI
 * at a time, so this refuses to start while an asynchronous collective is in flight.
 */
export function runNow<T>(fn: string, task: () => T): T {
  const state = distState();
  if (state.inFlight > 0) {
    throw new DistError(
      'ASYNC_PENDING',
      `${fn}: ${state.inFlight} asynchronous collective(s) of this rank are still in flight; await them before a synchronous collective`,
    );
  }
  try {
    return task();
  } catch (cause) {
    throw wrapMpiError(state.rank, cause);
  }
}
