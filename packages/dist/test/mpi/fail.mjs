// Run by test/mpi.test.ts under `mpirun -np 2`: rank 1 fails (mode in argv[2]) while rank 0 waits in a collective
// that rank 1 never joins. The job must end non-zero, with the error printed, instead of hanging.
import { load } from './load.mjs';

const { dist } = await load();

await dist.initDist('mpi');
const mode = process.argv[2];
if (dist.getRank() === 1) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (mode === 'throw') throw new Error('boom from rank 1');
  if (mode === 'reject') Promise.reject(new Error('rejected on rank 1'));
  if (mode === 'exit') process.exit(3);
  if (mode === 'timer')
    setTimeout(() => {
      throw new Error('timer boom on rank 1');
    }, 10);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
} else {
  await dist.allReduce(new Float32Array(1 << 20), 'sum');
  console.log('rank 0 was not stopped');
}
