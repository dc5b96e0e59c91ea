import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DistError } from '../errors';

/** Any typed array the addon can move (all but the clamped and BigInt ones reduce too). */
export type NativeArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export interface NativeInit {
  rank: number;
  size: number;
  localRank: number;
  localSize: number;
  threadLevel: number;
  alreadyInitialized: number;
  library: string;
}

/** What build/Release/eng_mpi.node exports (native/eng_mpi.c). */
export interface NativeMpi {
  init(threadLevel: number): NativeInit;
  finalize(): boolean;
  abort(code: number): never;
  state(): { initialized: number; finalized: number };
  allreduce(data: NativeArray, op: number): Promise<void>;
  bcast(data: NativeArray, root: number): Promise<void>;
  allgather(send: NativeArray, recv: NativeArray): Promise<void>;
  allgatherv(send: NativeArray, recv: NativeArray, counts: Int32Array): Promise<void>;
  barrier(): Promise<void>;
  allreduceSync(data: NativeArray, op: number): void;
  bcastSync(data: NativeArray, root: number): void;
  allgatherSync(send: NativeArray, recv: NativeArray): void;
  allgathervSync(send: NativeArray, recv: NativeArray, counts: Int32Array): void;
  barrierSync(): void;
  threadLevels: { single: number; funneled: number; serialized: number; multiple: number };
}

export const INSTALL_HINT =
  'install Open MPI (as root on Debian: apt-get install openmpi-bin libopenmpi-dev), then rebuild the addon ' +
  '(pnpm --filter @eng/dist build:native)';

/** The package folder: two levels above this file in src/internal/, one above dist/index.js. */
function packageRoot(): string {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'CMakeLists.txt'))) return dir;
  }
  return join(here, '..');
}

/** The default place of the addon: build/Release/eng_mpi.node of this package. */
export function defaultAddonPath(): string {
  return join(packageRoot(), 'build', 'Release', 'eng_mpi.node');
}

/** Loads the addon (once per path); a missing or broken one is a DistError that says what to install. */
export function loadNative(path: string = defaultAddonPath()): NativeMpi {
  if (!existsSync(path)) {
    throw new DistError(
      'MPI_UNAVAILABLE',
      `launcher 'mpi' needs the Open MPI addon of @eng/dist, and ${path} does not exist: ${INSTALL_HINT}`,
    );
  }
  try {
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    return require(path) as NativeMpi;
  } catch (cause) {
    throw new DistError(
      'MPI_UNAVAILABLE',
      `launcher 'mpi': loading the Open MPI addon ${path} failed (${(cause as Error).message}): ${INSTALL_HINT}`,
      { cause },
    );
  }
}
