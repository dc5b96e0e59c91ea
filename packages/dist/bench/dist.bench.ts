// What a 4 MiB allReduce costs between 2 ranks on one machine (Open MPI over shared memory), against the arithmetic
// of that reduction done locally on one rank, in the same rounds (A B A B, medians with ranges). Both ranks run on
// the 2 cores of our machines, as `mpirun -np 2` training does.
import { formatRange, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { mpiUnavailable, runMpi } from '../test/mpi/run-mpi';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const why = mpiUnavailable();
if (why) {
  console.log(`[bench] dist: skipped, ${why}`);
  process.exit(0);
}
const run = await runMpi('../../bench/allreduce-ranks.mjs', [String(ROUNDS)], 2, 300_000);
if (run.status !== 0) throw new Error(`mpirun failed (${run.status}): ${run.stderr}`);
const rows = run.stdout
  .split('\n')
  .filter((l) => l.startsWith('ROUND '))
  .map((l) => l.split(' ').slice(1).map(Number) as [number, number]);
const reduce = rows.map(([a]) => a);
const add = rows.map(([, b]) => b);
const ratio = ratioOf(reduce, add);
console.log(`\n4 MiB Float32Array, 2 ranks, ms per call (${ROUNDS} rounds of 20, A B A B)`);
console.log(`  local mean of two buffers (baseline)  ${formatRange(summarize(add), ' ms')}`);
console.log(
  `  allReduce 'mean' across 2 ranks       ${formatRange(summarize(reduce), ' ms')}  ratio ${formatRange(ratio, 'x')}`,
);
report('dist', [], {
  method: `${ROUNDS} alternated rounds under mpirun -np 2; medians [min-max]`,
  allReduce4MiB: { unit: 'ms per call', allReduce: summarize(reduce), localMean: summarize(add), ratio },
});
