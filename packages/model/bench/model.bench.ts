// One training step of the demo SmallCNN through BaseModel.trainStep versus the same network written directly in
// TensorFlow.js (raw variables, tf.variableGrads, the same SGD update, the loss read back as a number), in the same
// process and on the same backend. The ratio is the cost of the module layer (module tree, data preprocessor,
// parseLosses, tidy scopes, log-variable readback).
import { initBackend, setRandomSeed, tf } from '@eng/tensor-gpu';
import { compare, type Measurement, measure, report } from '../../../scripts/bench-utils';
import { BaseDataElement } from '@eng/structures';
import { SmallCNN } from '../src';
import { inlineSgd } from '../src/test';

const BATCH = Number(process.env.ENG_BENCH_BATCH ?? 16);
const BUDGET = Number(process.env.ENG_BENCH_BUDGET_MS ?? 600);
const LR = 0.01;

async function pickBackend(): Promise<string> {
  try {
    const backend = await initBackend({ prefer: [process.env.ENG_BENCH_BACKEND ?? 'wasm', 'cpu'], log: () => {} });
    // Check that the backend can train a conv net (wasm needs the training kernels @eng/tensor-gpu adds).
    const probe = new SmallCNN({ num_classes: 2 });
    const x = tf.zeros([1, 28, 28, 1]);
    const vars = [...probe.parameters()];
    const { value, grads } = tf.variableGrads(
      () => tf.mean(probe.forward(x, undefined, 'tensor') as tf.Tensor) as tf.Scalar,
      vars,
    );
    tf.dispose([value, x, ...Object.values(grads)]);
    probe.dispose();
    return backend;
  } catch (error) {
    console.log(`  (falling back to cpu: ${(error as Error).message.split('\n')[0]})`);
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  }
}

const backend = await pickBackend();
setRandomSeed(0);
const inputs = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1);
const labels = Array.from({ length: BATCH }, (_, i) => i % 10);
const samples = labels.map((l) => new BaseDataElement({ gt_label: l }));

// --- ours
const model = new SmallCNN({ num_classes: 10 });
const optim = inlineSgd(model, LR);
const batch = { inputs, data_samples: samples };
const ours = () => model.trainStep(batch, optim).loss;

// --- the same network, hand-written: conv(1→8)-relu-pool, conv(8→16)-relu-pool, fc(784→64)-relu, fc(64→10)
const raw = tf.tidy(() => {
  const src = [...model.parameters()].map((p) => tf.variable(p.clone()));
  return src;
});
const [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b] = raw as [
  tf.Variable<tf.Rank.R4>,
  tf.Variable,
  tf.Variable<tf.Rank.R4>,
  tf.Variable,
  tf.Variable<tf.Rank.R2>,
  tf.Variable,
  tf.Variable<tf.Rank.R2>,
  tf.Variable,
];
const rawLoss = (): tf.Scalar => {
  let x = tf.relu(tf.add(tf.conv2d(inputs as tf.Tensor4D, c1w, 1, 1), c1b)) as tf.Tensor4D;
  x = tf.maxPool(x, 2, 2, 'valid');
  x = tf.relu(tf.add(tf.conv2d(x, c2w, 1, 1), c2b)) as tf.Tensor4D;
  x = tf.maxPool(x, 2, 2, 'valid');
  let h = tf.reshape(x, [BATCH, -1]) as tf.Tensor2D;
  h = tf.relu(tf.add(tf.matMul(h, f1w, false, true), f1b)) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(h, f2w, false, true), f2b);
  // the batch's labels arrive as numbers, as they do for trainStep
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), logits) as tf.Scalar;
};
const baseline = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(rawLoss, raw);
    for (const v of raw) {
      const g = grads[v.name];
      if (g) v.assign(tf.sub(v, tf.mul(g, LR)));
    }
    return value.dataSync()[0];
  });

// Load-independent check: kernels dispatched per step on each side.
const kernelsOf = async (fn: () => unknown): Promise<number> => (await tf.profile(() => void fn())).kernels.length;
const kernels = { ours: await kernelsOf(ours), baseline: await kernelsOf(baseline) };
console.log(`  kernels per step: trainStep ${kernels.ours}, raw ${kernels.baseline}`);

// Interleave short rounds so load from other processes hits both sides alike. Report each side's fastest round
// and the median of the per-round ratios (adjacent measurements share the machine's state; the median is robust).
const rounds = Number(process.env.ENG_BENCH_ROUNDS ?? 12);
let bestOurs: Measurement | undefined;
let bestBase: Measurement | undefined;
const ratios: number[] = [];
const before = tf.memory().numTensors;
for (let r = 0; r < rounds; r++) {
  const b = await measure(`raw tfjs step (batch ${BATCH})`, baseline, BUDGET);
  const o = await measure(`SmallCNN.trainStep (batch ${BATCH})`, ours, BUDGET);
  ratios.push(o.msPerOp / b.msPerOp);
  if (!bestBase || b.msPerOp < bestBase.msPerOp) bestBase = b;
  if (!bestOurs || o.msPerOp < bestOurs.msPerOp) bestOurs = o;
}
ratios.sort((a, b) => a - b);
const medianRatio =
  ((ratios[Math.floor((rounds - 1) / 2)] as number) + (ratios[Math.ceil((rounds - 1) / 2)] as number)) / 2;
const leak = tf.memory().numTensors - before;
if (!bestOurs || !bestBase) throw new Error('no measurement');
report('model', [bestBase, compare(bestOurs, bestBase)], {
  backend,
  batch: BATCH,
  rounds,
  medianRoundRatio: medianRatio,
  kernelsPerStep: kernels,
  roundRatios: ratios,
  tensorsLeaked: leak,
});
console.log(
  `  backend: ${backend}; median per-round ratio ${medianRatio.toFixed(3)} (range ${ratios[0]?.toFixed(2)}–${ratios.at(-1)?.toFixed(2)}); tensors leaked: ${leak}`,
);
