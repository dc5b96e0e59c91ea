// `eng train CONFIG --nproc N`: starts `mpirun -np N` on this machine, each rank running `eng train CONFIG
// --launcher mpi` with the same arguments (MMEngine's `torchrun --nproc_per_node N tools/train.py`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What `mpirun` needs on this machine: root needs `--allow-run-as-root`; more ranks than cores need
 * `--oversubscribe`, which is passed from 2 ranks on since Open MPI counts physical cores and Node sees logical CPUs
 * (with ranks no more than the physical cores, binding stays as Open MPI chooses).
 */
export function mpirunFlags(nproc: number, isRoot: boolean, cores: number): string[] {
  return [...(isRoot ? ['--allow-run-as-root'] : []), ...(nproc > 1 || nproc > cores ? ['--oversubscribe'] : [])];
}

/** The `eng` bin of this package (bin/eng.js, above dist/ and src/cli/). */
function engBin(): string {
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !existsSync(join(dir, 'bin', 'eng.js')); i++) dir = dirname(dir);
  return join(dir, 'bin', 'eng.js');
}

/** The command line of `mpirun` for `eng train` with `trainArgs` (which hold no --nproc or --launcher). */
export function mpirunCommand(
  nproc: number,
  trainArgs: readonly string[],
  env: { isRoot: boolean; cores: number; mpirun?: string },
): { command: string; args: string[] } {
  return {
    command: env.mpirun ?? 'mpirun',
    args: [
      ...mpirunFlags(nproc, env.isRoot, env.cores),
      '-np',
      String(nproc),
      process.execPath,
      engBin(),
      'train',
      ...trainArgs,
      '--launcher',
      'mpi',
    ],
  };
}

/**
 * Runs `eng train` as `nproc` ranks under mpirun and resolves to its exit code. Ctrl-C reaches mpirun, which stops
 * every rank (resume from the last checkpoint with `--resume`).
 */
export function launchMpi(
  nproc: number,
  trainArgs: readonly string[],
  io: { err: (text: string) => void },
): Promise<number> {
  const mpirun = process.env.ENG_MPIRUN ?? 'mpirun';
  const { command, args } = mpirunCommand(nproc, trainArgs, {
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    cores: availableParallelism(),
    mpirun,
  });
  io.err(`eng train: starting ${nproc} ranks: ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      io.err(
        error.code === 'ENOENT'
          ? `eng train: --nproc needs Open MPI's mpirun, which is not on PATH (as root on Debian: apt-get install openmpi-bin libopenmpi-dev; or set ENG_MPIRUN to its path)\n`
          : `eng train: could not start ${command}: ${error.message}\n`,
      );
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  });
}
