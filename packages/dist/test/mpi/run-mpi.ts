import { spawn } from 'node:child_process';
import { mpirunTestFlags } from '@eng/test-utils/mpi';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { sourceAliases } from '../../../../scripts/source-aliases.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export { mpiUnavailable } from '@eng/test-utils/mpi';

export interface MpiResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** `mpirun -np N node test/mpi/<script> ...args`, killed after `timeoutMs`. */
export function runMpi(script: string, args: string[] = [], np = 2, timeoutMs = 60_000): Promise<MpiResult> {
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
