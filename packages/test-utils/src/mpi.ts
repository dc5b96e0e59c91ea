// What the tests that run under `mpirun` share: whether Open MPI and @eng/dist's addon are here, and mpirun's flags.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const distRoot = fileURLToPath(new URL('../../dist', import.meta.url));
/** @eng/dist's Open MPI addon in this workspace. */
export const MPI_ADDON = join(distRoot, 'build', 'Release', 'eng_mpi.node');

function hasMpiHeader(): boolean {
  const shown = spawnSync('mpicc', ['--showme:incdirs'], { encoding: 'utf8' });
  const dirs = shown.status === 0 ? shown.stdout.trim().split(/\s+/) : [];
  dirs.push('/usr/lib/x86_64-linux-gnu/openmpi/include', '/usr/include');
  return dirs.some((d) => existsSync(join(d, 'mpi.h')));
}

/** Why tests under mpirun cannot run here (naming the packages to install), or undefined when they can. */
export function mpiUnavailable(): string | undefined {
  const hint = 'install openmpi-bin libopenmpi-dev (apt-get install openmpi-bin libopenmpi-dev)';
  if (spawnSync('mpirun', ['--version']).status !== 0) return `mpirun not found: ${hint}`;
  if (!hasMpiHeader()) return `mpi.h not found: ${hint}`;
  if (!existsSync(MPI_ADDON)) {
    const script = join(distRoot, 'scripts', 'build-native.mjs');
    const built = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    if (built.status !== 0 || !existsSync(MPI_ADDON))
      return `building the addon failed: ${built.stdout}${built.stderr}`;
  }
  return undefined;
}

/** `mpirun`'s flags for `np` ranks on this machine in a test: as root `--allow-run-as-root`, and `--oversubscribe`. */
export function mpirunTestFlags(np: number): string[] {
  return [...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : []), '--oversubscribe', '-np', String(np)];
}
