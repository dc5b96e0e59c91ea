// MMDistributedDataParallel and GradientBuckets across 2 ranks (skipped, naming the packages, without Open MPI).
import { fileURLToPath } from 'node:url';
import { mpiUnavailable, runMpiScript } from '@eng/test-utils/mpi';
import { describe, expect, it } from 'vitest';

const why = mpiUnavailable();
if (why) console.warn(`[@eng/model] skipping the MPI tests: ${why}`);
const mpi = why ? describe.skip : describe;
const root = fileURLToPath(new URL('..', import.meta.url));

mpi('under mpirun -np 2', () => {
  it("copies rank 0's weights at construction and averages gradients per bucket, unused ones left without", async () => {
    const run = await runMpiScript(root, 'buckets.mjs', [], 2, 90_000);
    expect(run.status, run.stderr).toBe(0);
    const results = [0, 1].map((r) => {
      const line = run.stdout.split('\n').find((l) => l.startsWith(`RESULT ${r} `));
      return JSON.parse(line?.slice(`RESULT ${r} `.length) ?? 'null');
    });
    for (const out of results) {
      // rank 0 filled its parameters with 1, rank 1 with 2: both hold 1 after wrapping
      expect(out.paramsAfterWrap.every((values: number[]) => values.length === 1 && values[0] === 1)).toBe(true);
      expect(out.reduced).toEqual([[2], [2], null]);
      expect(out.unused).toEqual(['c']);
      expect(out.allreduces).toBe(3);
      expect(out.installed).toEqual([true, true]);
    }
  }, 120_000);
});
