// What the tests that run under `mpirun` share: whether Open MPI and @eng/dist's addon are here, and mpirun's flags.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { sourceAliases } from '../../../scripts/source-aliases.mjs';

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

export interface MpiResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/**
 * `mpirun -np N node <root>/test/mpi/<script> ...args` in the package folder `root`, killed after `timeoutMs`.
 * The scripts load @eng packages from their sources through jiti: JITI_ALIAS maps each to its src/index.ts.
 */
export function runMpiScript(
  root: string,
  script: string,
  args: string[] = [],
  np = 2,
  timeoutMs = 60_000,
): Promise<MpiResult> {
  const flags = mpirunTestFlags(np);
  const env = { ...process.env, JITI_ALIAS: JSON.stringify(sourceAliases(resolve(root, '..'))) };
  const start = performance.now();
  return new Promise((done, fail) => {
    const child = spawn('mpirun', [...flags, process.execPath, join(root, 'test', 'mpi', script), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, ms: performance.now() - start, timedOut });
    });
  });
}
