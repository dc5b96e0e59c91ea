import { describe, expect, it } from 'vitest';
import { mpirunCommand, mpirunFlags } from '../src/cli/launch-mpi';

describe('eng train --nproc: the mpirun command line', () => {
  it('adds --allow-run-as-root as root and --oversubscribe when the ranks outnumber the cores', () => {
    expect(mpirunFlags(2, false, 2)).toEqual([]);
    expect(mpirunFlags(2, true, 2)).toEqual(['--allow-run-as-root']);
    expect(mpirunFlags(4, false, 2)).toEqual(['--oversubscribe']);
    expect(mpirunFlags(4, true, 2)).toEqual(['--allow-run-as-root', '--oversubscribe']);
  });

  it('runs this node on the eng bin with the same arguments and --launcher mpi', () => {
    const { command, args } = mpirunCommand(2, ['cfg.ts', '--work-dir', 'w'], { isRoot: false, cores: 8 });
    expect(command).toBe('mpirun');
    expect(args.slice(0, 3)).toEqual(['-np', '2', process.execPath]);
    expect(args[3]).toMatch(/bin[\\/]eng\.js$/);
    expect(args.slice(4)).toEqual(['train', 'cfg.ts', '--work-dir', 'w', '--launcher', 'mpi']);
  });
});
