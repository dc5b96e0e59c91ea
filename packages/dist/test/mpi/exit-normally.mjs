// Run by test/mpi.test.ts under `mpirun -np 2`: does one collective and returns; MPI is finalized on exit, so
// mpirun exits 0.
import { load } from './load.mjs';

const { dist } = await load();

await dist.initDist('mpi');
const out = await dist.allReduce(Int32Array.of(dist.getRank() + 1), 'sum');
console.log(`SUM ${dist.getRank()} ${out[0]}`);
