// Run by bench/dist.bench.ts under `mpirun -np 2`: per round, allReduce of a 4 MiB Float32Array across the ranks
// (A) and, as the baseline (B), the arithmetic of that reduction on one rank: adding two 4 MiB Float32Arrays in JS.
// Rank 0 prints one `ROUND <allreduce ms> <add ms>` line per round.
import { load } from '../test/mpi/load.mjs';

const { dist } = await load();
await dist.initDist('mpi');
const rounds = Number(process.argv[2] ?? 7);
const reps = 20;
const n = (4 * 1024 * 1024) / 4;
const data = new Float32Array(n).fill(dist.getRank() + 1);
const other = new Float32Array(n).fill(3);

await dist.allReduce(data, 'sum'); // warm-up: connections and buffers
for (let r = 0; r < rounds; r++) {
  await dist.barrier();
  let start = performance.now();
  for (let i = 0; i < reps; i++) await dist.allReduce(data, 'mean');
  const reduce = (performance.now() - start) / reps;
  start = performance.now();
  for (let i = 0; i < reps; i++) for (let k = 0; k < n; k++) data[k] = (data[k] + other[k]) / 2;
  const add = (performance.now() - start) / reps;
  if (dist.getRank() === 0) console.log(`ROUND ${reduce} ${add}`);
}
