import { DIST_INFO_KEY, type DistInfo, describe } from '@eng/internal';
import { optionsSchema } from '@eng/internal/options';
import { z } from 'zod';
import { DistError } from '../errors';
import { loadNative, type NativeMpi } from '../internal/native';
import { distState, type Launcher } from '../internal/state';

export type { Launcher } from '../internal/state';

/** Options of {@link initDist}. */
export interface InitDistOptions {
  /**
   * Under `'mpi'`: an uncaught exception or unhandled rejection on any rank is printed (with its rank) and ends the
   * whole job through `MPI_Abort`, so that no rank waits forever in a collective. Default true.
   */
  abortOnError?: boolean;
  /** Under `'mpi'`: finalize MPI when the process exits with code 0 (and abort the job on any other code). Default true. */
  finalizeOnExit?: boolean;
  /** Where the Open MPI addon is; default `build/Release/eng_mpi.node` of this package. */
  addonPath?: string;
}

const schema = optionsSchema<InitDistOptions>({
  abortOnError: z.boolean().optional(),
  finalizeOnExit: z.boolean().optional(),
  addonPath: z.string().optional(),
});

const LAUNCHERS: readonly Launcher[] = ['none', 'mpi', 'slurm'];

/**
 * MMEngine's `infer_launcher()` for what eng supports: `'mpi'` when `mpirun` started this process (Open MPI's
 * `OMPI_COMM_WORLD_*` variables are set), `'slurm'` when `srun` did (`SLURM_PROCID` and `SLURM_NTASKS`), else
 * `'none'`.
 */
export function inferLauncher(env: NodeJS.ProcessEnv = process.env): Launcher {
  if (env.OMPI_COMM_WORLD_SIZE !== undefined || env.OMPI_COMM_WORLD_LOCAL_RANK !== undefined) return 'mpi';
  if (env.SLURM_PROCID !== undefined && env.SLURM_NTASKS !== undefined) return 'slurm';
  return 'none';
}

/** Publishes rank and world size where the packages below @eng/dist read them (`getDistInfo` of @eng/internal). */
function publishDistInfo(): void {
  const provider = (): DistInfo => {
    const { rank, worldSize } = distState();
    return { rank, worldSize };
  };
  (globalThis as { [DIST_INFO_KEY]?: unknown })[DIST_INFO_KEY] = provider;
}

function validate(options: unknown): InitDistOptions {
  const result = schema['~standard'].validate(options);
  if (result.issues) {
    const text = result.issues
      .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    throw new DistError('INVALID_OPTIONS', `initDist: ${text}`);
  }
  return result.value as InitDistOptions;
}

/** Prints `error` as the failure of this rank and ends the whole job. */
function abortJob(native: NativeMpi, rank: number, kind: string, error: unknown): never {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : describe(error);
  try {
    process.stderr.write(`[@eng/dist] rank ${rank}: ${kind}, aborting the MPI job:\n${text}\n`);
  } catch {
    // stderr is gone: abort all the same
  }
  native.abort(1);
}

function installExitHandlers(native: NativeMpi, options: InitDistOptions): void {
  const rank = distState().rank;
  if (options.abortOnError ?? true) {
    process.on('uncaughtException', (error) => abortJob(native, rank, 'uncaught exception', error));
    process.on('unhandledRejection', (reason) => abortJob(native, rank, 'unhandled rejection', reason));
  }
  if (options.finalizeOnExit ?? true) {
    process.on('exit', (code) => {
      // A rank that ends with an error takes the others down with it instead of leaving them in a collective.
      if (code !== 0) native.abort(code);
      native.finalize();
    });
  }
}

/**
 * MMEngine's `init_dist(launcher)`: sets up this process as one rank of a distributed job.
 *
 * - `'none'` (the default): one process, rank 0 of world size 1; every collective is the single-process case.
 * - `'mpi'`: the process was started by `mpirun -np N` (as root: `mpirun --allow-run-as-root`); Open MPI is
 *   initialized with thread support (`MPI_THREAD_SERIALIZED`), the rank, world size, local rank and local size come
 *   from `MPI_COMM_WORLD` and the node's shared-memory communicator. MPI is finalized when the process exits
 *   normally (so `mpirun` exits 0), and an uncaught error on any rank ends the whole job (`MPI_Abort`).
 * - `'slurm'`: the process is one task of `srun --mpi=pmix` (or `pmi2`); MPI is initialized the same way, through
 *   Slurm's PMI instead of `mpirun`.
 *
 * Calling it again with the same launcher does nothing; with another one it throws. The work is synchronous (as
 * MMEngine's); {@link initDistSync} is the same call for a constructor.
 *
 * @example
 * ```ts
 * await initDist('none');
 * console.log(getRank(), getWorldSize()); // → 0 1
 * ```
 */
export async function initDist(launcher: Launcher = 'none', options: InitDistOptions = {}): Promise<void> {
  initDistSync(launcher, options);
}

/**
 * {@link initDist} without the Promise: what the Runner calls in its constructor.
 *
 * @example
 * ```ts
 * initDistSync('none');
 * console.log(isDistributed()); // → false
 * ```
 */
export function initDistSync(launcher: Launcher = 'none', options: InitDistOptions = {}): void {
  if (!LAUNCHERS.includes(launcher)) {
    throw new DistError(
      'INVALID_LAUNCHER',
      `initDist: launcher must be one of ${LAUNCHERS.map((l) => `'${l}'`).join(', ')}, got ${describe(launcher)}`,
    );
  }
  const checked = validate(options);
  const state = distState();
  if (state.native !== undefined) {
    if (launcher === state.launcher) return;
    throw new DistError(
      'ALREADY_INITIALIZED',
      `initDist('${launcher}'): this process already runs under launcher '${state.launcher}'`,
    );
  }
  if (launcher === 'none') {
    publishDistInfo();
    return;
  }
  const native = loadNative(checked.addonPath);
  let info: ReturnType<NativeMpi['init']>;
  try {
    info = native.init(native.threadLevels.serialized);
  } catch (cause) {
    throw new DistError('MPI_ERROR', `initDist('${launcher}'): ${(cause as Error).message}`, { cause });
  }
  if (info.threadLevel < native.threadLevels.serialized) {
    native.finalize();
    throw new DistError(
      'MPI_ERROR',
      `initDist('${launcher}'): the MPI library provides thread level ${info.threadLevel}, and @eng/dist needs MPI_THREAD_SERIALIZED (${native.threadLevels.serialized}) to run collectives off the main thread`,
    );
  }
  Object.assign(state, {
    launcher,
    rank: info.rank,
    worldSize: info.size,
    localRank: info.localRank,
    localSize: info.localSize,
    native,
  });
  publishDistInfo();
  installExitHandlers(native, checked);
}
