// The MPI tests of @eng/dist: test/mpi/<script>.mjs under mpirun (see @eng/test-utils/mpi).
import { fileURLToPath } from 'node:url';
import { type MpiResult, runMpiScript } from '@eng/test-utils/mpi';

export { mpiUnavailable } from '@eng/test-utils/mpi';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `mpirun -np N node test/mpi/<script> ...args` in this package, killed after `timeoutMs`. */
export function runMpi(script: string, args: string[] = [], np = 2, timeoutMs = 60_000): Promise<MpiResult> {
  return runMpiScript(root, script, args, np, timeoutMs);
}
