import { describe, expect, it } from 'vitest';
import { mpirunCommand, mpirunFlags } from '../src/cli/launch-mpi';

describe('eng train --nproc: the mpirun command line', () => {
  it('adds --allow-run-as-root as root, and --oversubscribe for more than one rank (Open MPI counts physical cores)', () => {
    expect(mpirunFlags(1, false, 2)).toEqual([]);
    expect(mpirunFlags(2, false, 8)).toEqual(['--oversubscribe']);
    expect(mpirunFlags(1, true, 2)).toEqual(['--allow-run-as-root']);
    expect(mpirunFlags(4, true, 2)).toEqual(['--allow-run-as-root', '--oversubscribe']);
  });

  it('runs this node on the eng bin with the same arguments and --launcher mpi', () => {
    const { command, args } = mpirunCommand(2, ['cfg.ts', '--work-dir', 'w'], { isRoot: false, cores: 8 });
    expect(command).toBe('mpirun');
    expect(args.slice(0, 4)).toEqual(['--oversubscribe', '-np', '2', process.execPath]);
    expect(args[4]).toMatch(/bin[\\/]eng\.js$/);
    expect(args.slice(5)).toEqual(['train', 'cfg.ts', '--work-dir', 'w', '--launcher', 'mpi']);
  });
});
