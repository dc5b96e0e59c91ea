// Run by test/buckets-mpi.test.ts under `mpirun -np 2`: MMDistributedDataParallel and its gradient buckets across
// ranks. Prints `RESULT <rank> <json>`; throws (ending the job through MPI_Abort) when something is off.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url, { alias: JSON.parse(process.env.JITI_ALIAS ?? '{}') });
const dist = await jiti.import('@eng/dist');
const { tf } = await jiti.import('@eng/tensor-gpu');
const model = await jiti.import('../../src/index.ts');
const { GradientBuckets } = await jiti.import('../../src/wrappers/gradient-buckets.ts');

await dist.initDist('mpi');
await tf.setBackend('cpu');
const rank = dist.getRank();
const out = {};

// 1. Construction copies rank 0's parameters and buffers to every rank (each rank initialized its own).
const mlp = new model.MLP({ in_features: 4, hidden_channels: [3], num_classes: 2 });
for (const p of mlp.parameters()) p.assign(tf.fill(p.shape, rank + 1));
const ddp = new model.MMDistributedDataParallel({ module: mlp });
out.paramsAfterWrap = [...mlp.parameters()].map((p) => [...new Set(p.dataSync())]);

// 2. Buckets: a variable both ranks have a gradient for gets the mean; one only rank 1 has gets half of rank 1's
//    (zeros from rank 0), as PyTorch averages over all ranks; one no rank has keeps none. A small cap: 3 buckets.
const a = tf.variable(tf.zeros([3]));
const b = tf.variable(tf.zeros([2, 2]));
const c = tf.variable(tf.zeros([5]));
const buckets = new GradientBuckets(5 * 4);
const grads = new Map([[a, tf.fill([3], rank === 0 ? 1 : 3)]]);
if (rank === 1) grads.set(b, tf.fill([2, 2], 4));
const reduced = buckets.reduce([a, b, c], grads);
out.reduced = [a, b, c].map((v) => (reduced.has(v) ? [...new Set(reduced.get(v).dataSync())] : null));
out.unused = buckets.unused.map((v) => (v === c ? 'c' : v === b ? 'b' : 'a'));
out.allreduces = buckets.stats.allreduces;

// 3. trainStep installs the reducer on the optim wrapper (and on each of an OptimWrapperDict's).
const single = { gradientReducer: null, optimContext: (_m, fn) => fn(), updateParams: (fn) => fn() };
const dict = { optimWrappers: { g: { gradientReducer: null }, d: { gradientReducer: null } } };
const batch = { inputs: tf.ones([2, 4]), data_samples: [{ gt_label: 0 }, { gt_label: 1 }] };
ddp.trainStep(batch, single);
try {
  ddp.trainStep(batch, { ...dict, optimContext: (_m, fn) => fn(), updateParams: (fn) => fn() });
} catch {
  // MLP's trainStep needs a single wrapper; the reducers are installed before it runs
}
out.installed = [
  single.gradientReducer !== null,
  Object.values(dict.optimWrappers).every((w) => w.gradientReducer !== null),
];

console.log(`RESULT ${rank} ${JSON.stringify(out)}`);
