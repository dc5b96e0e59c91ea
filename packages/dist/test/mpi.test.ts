import { describe, expect, it } from 'vitest';
import { mpiUnavailable, runMpi } from './mpi/run-mpi';

const why = mpiUnavailable();
if (why) console.warn(`[@eng/dist] skipping the MPI tests: ${why}`);
const mpi = why ? describe.skip : describe;

// Each test starts `mpirun --oversubscribe -np 2 node test/mpi/<script>.mjs` (with --allow-run-as-root as root).
mpi('under mpirun -np 2', () => {
  it('each collective equals its single-process definition, for several sizes (up to 4 MiB) and types', async () => {
    const run = await runMpi('collectives.mjs', [], 2, 120_000);
    expect(run.stderr).not.toContain('Error');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('CHECKS '));
    expect(lines.map((l) => l.split(' ')[1]).sort()).toEqual(['0', '1']);
    expect(Number(lines[0]?.split(' ')[2])).toBeGreaterThan(300);
  }, 130_000);

  it('objects travel as JSON; collectResults orders as MMEngine on rank 0', async () => {
    const run = await runMpi('objects.mjs');
    expect(run.status).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const other = run.stdout.split('\n').find((l) => l.startsWith('OTHER 1 '));
    const out = JSON.parse(line?.slice('RESULT '.length) ?? 'null');
    const rank1 = JSON.parse(other?.slice('OTHER 1 '.length) ?? 'null');
    expect(out.allGatherObject).toEqual([
      { rank: 0, text: 'é', arr: { Float32Array: ['0', 'NaN'] } },
      { rank: 1, text: 'éé', arr: { Float32Array: ['1', 'NaN'] } },
    ]);
    expect(rank1.allGatherObject).toEqual(out.allGatherObject);
    expect(out.gatherObject).toBeNull(); // gathered on rank 1
    expect(rank1.gatherObject).toEqual([
      ['part', 0],
      ['part', 1],
    ]);
    expect(out.broadcastObjectList).toEqual(['foo', 12, { 1: 2 }]);
    expect(rank1.broadcastObjectList).toEqual(['foo', 12, { 1: 2 }]);
    expect(out.collectMMEngine).toEqual(['foo', 24, { 1: 2 }, { a: 'b' }]);
    expect(rank1.collectMMEngine).toBeNull();
    expect(out.collectPadded).toEqual([0, 1, 2, 3, 4]);
    expect(out.collectUneven).toEqual(['a0', 'b0', 'a1', 'a2']);
    // The blocking forms, for code that cannot await (a metric's evaluate, a constructor).
    expect(out.allGatherObjectSync).toEqual([
      { rank: 0, nan: 'NaN' },
      { rank: 1, nan: 'NaN' },
    ]);
    expect(rank1.allGatherObjectSync).toEqual(out.allGatherObjectSync);
    expect(out.broadcastObjectSync).toEqual({ from: 1, arr: { Int32Array: ['7'] } });
    expect(rank1.broadcastObjectSync).toEqual(out.broadcastObjectSync);
    expect(out.collectSync).toEqual([0, 1, 2, 3, 4]);
    expect(rank1.collectSync).toBeNull();
    expect(out.collectBig.length).toBe(40000);
    expect(out.collectBig.first).toEqual([
      { i: 0, rank: 0, pred: [0, 0] },
      { i: 0, rank: 1, pred: [0, 1] },
      { i: 1, rank: 0, pred: [1 / 3, 0] },
    ]);
  }, 70_000);

  it('a normal exit finalizes MPI, so mpirun exits 0', async () => {
    const run = await runMpi('exit-normally.mjs');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('SUM 0 3');
    expect(run.stdout).toContain('SUM 1 3');
  }, 70_000);

  describe('a rank that fails ends the whole job non-zero within 20 s, with the error printed', () => {
    it.each([
      ['throw', 'boom from rank 1'],
      ['reject', 'rejected on rank 1'],
      ['timer', 'timer boom on rank 1'],
      ['exit', ''],
    ])(
      '%s',
      async (mode, message) => {
        const run = await runMpi('fail.mjs', [mode], 2, 30_000);
        expect(run.timedOut).toBe(false);
        expect(run.ms).toBeLessThan(20_000);
        expect(run.status).not.toBe(0);
        expect(run.status).not.toBeNull();
        expect(run.stdout).not.toContain('rank 0 was not stopped');
        if (message) expect(run.stderr).toContain(message);
      },
      40_000,
    );
  });
});
