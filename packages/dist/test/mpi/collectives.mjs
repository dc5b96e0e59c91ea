// Run by test/mpi.test.ts under `mpirun -np N`: each collective of @eng/dist against its single-process definition,
// for several sizes (up to 4 MiB) and element types, on typed arrays and tensors. Throws (and so ends the job
// through MPI_Abort) at the first difference; prints one `CHECKS <rank> <count>` line when all hold.
import { load } from './load.mjs';

const { dist, tf, getDistInfo: internalDistInfo } = await load();

await dist.initDist('mpi');
await tf.setBackend('cpu');
const rank = dist.getRank();
const size = dist.getWorldSize();
let checks = 0;

function check(ok, what) {
  if (!ok) throw new Error(`rank ${rank}: ${what}`);
  checks++;
}

function same(actual, expected, what) {
  check(actual.length === expected.length, `${what}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a !== e && !(Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e)))) {
      check(false, `${what}: [${i}] is ${a}, expected ${e}`);
    }
  }
  checks++;
}

/** The value of element i on rank r: distinct per rank, integer so that sums are exact in every type. */
const value = (r, i) => ((i * 7 + r * 13) % 101) - 50 + r;

const TYPES = [Float32Array, Float64Array, Int32Array];
const SIZES = [1, 7, 1000, 1 << 20]; // 1 << 20 floats = 4 MiB

check(dist.isDistributed() && size === Number(process.env.OMPI_COMM_WORLD_SIZE), 'world size from MPI');
check(rank === Number(process.env.OMPI_COMM_WORLD_RANK), 'rank from MPI');
check(dist.getLocalSize() === size && dist.getLocalRank() === rank, 'local rank and size on one machine');
check(internalDistInfo().rank === rank && internalDistInfo().worldSize === size, '@eng/internal getDistInfo');
check(dist.isMainProcess() === (rank === 0), 'isMainProcess');

for (const Type of TYPES) {
  for (const n of SIZES) {
    const label = `${Type.name}(${n})`;
    const mine = () => Type.from({ length: n }, (_, i) => value(rank, i));
    const all = Array.from({ length: size }, (_, r) => Type.from({ length: n }, (_, i) => value(r, i)));
    const fold = (f) => Type.from({ length: n }, (_, i) => all.map((a) => a[i]).reduce(f));
    const sum = fold((a, b) => a + b);
    for (const [op, expected] of [
      ['sum', sum],
      ['max', fold((a, b) => Math.max(a, b))],
      ['min', fold((a, b) => Math.min(a, b))],
      ['mean', Type === Int32Array ? sum.map((v) => Math.trunc(v / size)) : sum.map((v) => v / size)],
    ]) {
      const data = mine();
      const out = await dist.allReduce(data, op);
      check(out === data, `allReduce ${op} ${label} is in place`);
      same(data, expected, `allReduce ${op} ${label}`);
      const blocking = mine();
      check(dist.allReduceSync(blocking, op) === blocking, `allReduceSync ${op} ${label} is in place`);
      same(blocking, expected, `allReduceSync ${op} ${label}`);
    }
    for (let src = 0; src < size; src++) {
      const data = mine();
      check((await dist.broadcast(data, src)) === data, `broadcast ${label} is in place`);
      same(data, all[src], `broadcast from ${src} ${label}`);
      const blocking = mine();
      check(dist.broadcastSync(blocking, src) === blocking, `broadcastSync ${label} is in place`);
      same(blocking, all[src], `broadcastSync from ${src} ${label}`);
    }
    const gathered = await dist.allGather(mine());
    check(gathered.length === size, `allGather ${label} has a part per rank`);
    gathered.forEach((part, r) => {
      same(part, all[r], `allGather ${label} part ${r}`);
    });
  }
}

// Collectives issued without awaiting each one still pair up across ranks, in call order.
const pending = [1, 2, 3].map((k) => dist.allReduce(Float32Array.of(k * (rank + 1)), 'sum'));
const tri = (size * (size + 1)) / 2;
(await Promise.all(pending)).forEach((out, k) => {
  same(out, [(k + 1) * tri], `queued allReduce ${k}`);
});

// Tensors: read, reduced, answered by a new tensor of the same shape and dtype.
for (const dtype of ['float32', 'int32']) {
  const t = tf.tensor(
    Array.from({ length: 6 }, (_, i) => value(rank, i)),
    [2, 3],
    dtype,
  );
  const all = Array.from({ length: size }, (_, r) => Array.from({ length: 6 }, (_, i) => value(r, i)));
  const reduced = await dist.allReduce(t, 'sum');
  check(reduced !== t && reduced.dtype === dtype && reduced.shape.join() === '2,3', `allReduce tensor ${dtype}`);
  same(
    await reduced.data(),
    all[0].map((_, i) => all.reduce((a, v) => a + v[i], 0)),
    `allReduce tensor ${dtype}`,
  );
  same(await t.data(), all[rank], `allReduce leaves the input tensor ${dtype}`);
  const mean = await dist.allReduce(t, 'mean');
  check(mean.dtype === dtype, `mean tensor ${dtype} keeps its dtype`);
  const b = await dist.broadcast(t, size - 1);
  same(await b.data(), all[size - 1], `broadcast tensor ${dtype}`);
  const parts = await dist.allGather(t);
  for (let r = 0; r < size; r++) same(await parts[r].data(), all[r], `allGather tensor ${dtype} part ${r}`);
  tf.dispose([t, reduced, mean, b, ...parts]);
}

// A size that differs between ranks is found before the data moves, on every rank.
const mismatch = await dist.allGather(new Float32Array(rank + 1)).catch((e) => e);
check(mismatch?.code === 'SIZE_MISMATCH', `allGather of different sizes: ${mismatch}`);

const seed = await dist.syncRandomSeed();
const seeds = await dist.allGatherObject(seed);
check(
  seeds.every((s) => s === seed),
  'syncRandomSeed agrees',
);

// A synchronous collective refuses to start while an asynchronous one is in flight (one thread in MPI at a time).
const inFlight = dist.allReduce(Float32Array.of(1), 'sum');
let refused;
try {
  dist.allReduceSync(Float32Array.of(1), 'sum');
} catch (error) {
  refused = error;
}
check(refused?.code === 'ASYNC_PENDING', `allReduceSync while allReduce is in flight: ${refused}`);
same(await inFlight, [size], 'the allReduce in flight still completes');
dist.barrierSync();

await dist.barrier();
console.log(`CHECKS ${rank} ${checks}`);
