// Each kernel this package replaces, on the shapes of the reference CNN and MLP (batch 64), timed with our kernel
// and with tfjs's stock WASM kernel in interleaved rounds (A B A B ...): medians over rounds with [min–max]
// ranges, and the per-round ratio ours/stock. Conv2DBackpropFilter, which stock WASM lacks, compares our routes.
import { formatRange, interleave, type Measurement, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { initBackend, tf, useFastWasmKernels } from '../src/index';
import { conv2DBackpropFilterRoute } from '../src/kernels/wasm/conv2d-backprop';

const ROUNDS = Number(process.env.ENG_BENCH_ROUNDS ?? 7);
const CALLS = 10;

await initBackend({ prefer: ['wasm'], log: () => {} });
const startTensors = tf.memory().numTensors;
const r = (shape: number[]) => tf.randomNormal(shape);

interface Case {
  name: string;
  kernel: string;
  inputs: Record<string, tf.Tensor>;
  attrs?: Record<string, unknown>;
}

const x1 = r([64, 28, 28, 1]);
const a1 = r([64, 28, 28, 16]);
const x2 = r([64, 14, 14, 16]);
const a2 = r([64, 14, 14, 32]);
const p1 = tf.maxPool(a1 as tf.Tensor4D, 2, 2, 'valid');
const p2 = tf.maxPool(a2 as tf.Tensor4D, 2, 2, 'valid');
const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined };
const cases: Case[] = [
  {
    name: 'Conv2D layer 1 [64,28,28,1]*[3,3,1,16]',
    kernel: 'Conv2D',
    inputs: { x: x1, filter: r([3, 3, 1, 16]) },
    attrs: conv,
  },
  {
    name: 'Conv2D layer 2 [64,14,14,16]*[3,3,16,32]',
    kernel: 'Conv2D',
    inputs: { x: x2, filter: r([3, 3, 16, 32]) },
    attrs: conv,
  },
  {
    name: 'Conv2DBackpropInput layer 2',
    kernel: 'Conv2DBackpropInput',
    inputs: { dy: a2, filter: r([3, 3, 16, 32]) },
    attrs: { ...conv, inputShape: [64, 14, 14, 16] },
  },
  {
    name: 'MaxPoolGrad 2x2 [64,28,28,16]',
    kernel: 'MaxPoolGrad',
    inputs: { dy: r(p1.shape), input: a1, output: p1 },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
  },
  {
    name: 'MaxPoolGrad 2x2 [64,14,14,32]',
    kernel: 'MaxPoolGrad',
    inputs: { dy: r(p2.shape), input: a2, output: p2 },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
  },
  {
    name: 'Sum [64,28,28,16] over [0,1,2]',
    kernel: 'Sum',
    inputs: { x: a1 },
    attrs: { axis: [0, 1, 2], keepDims: false },
  },
  {
    name: 'Sum [64,14,14,32] over [0,1,2]',
    kernel: 'Sum',
    inputs: { x: a2 },
    attrs: { axis: [0, 1, 2], keepDims: false },
  },
  { name: 'Sum [64,256] over [0]', kernel: 'Sum', inputs: { x: r([64, 256]) }, attrs: { axis: [0], keepDims: false } },
  {
    name: 'Mean [64,7,7,32] over [0,1,2]',
    kernel: 'Mean',
    inputs: { x: r([64, 7, 7, 32]) },
    attrs: { axis: [0, 1, 2], keepDims: true },
  },
  { name: 'Add [64,28,28,16] + bias [16]', kernel: 'Add', inputs: { a: a1, b: r([16]) } },
  { name: 'Multiply [64,7,7,32] x [32]', kernel: 'Multiply', inputs: { a: r([64, 7, 7, 32]), b: r([32]) } },
  { name: 'Identity [64,28,28,16]', kernel: 'Identity', inputs: { x: a1 } },
  { name: 'Cast float32->float32 [64,28,28,16]', kernel: 'Cast', inputs: { x: a1 }, attrs: { dtype: 'float32' } },
  {
    name: 'BatchMatMul [64,784]x[784,256] ',
    kernel: 'BatchMatMul',
    inputs: { a: r([1, 64, 784]), b: r([1, 784, 256]) },
    attrs: { transposeA: false, transposeB: false },
  },
  {
    name: 'BatchMatMul [64,784]^T x [64,256]',
    kernel: 'BatchMatMul',
    inputs: { a: r([1, 64, 784]), b: r([1, 64, 256]) },
    attrs: { transposeA: true, transposeB: false },
  },
];

/** The operand that is a new tensor on every call in training (XNNPACK caches the packing of one it has seen). */
const FRESH: Record<string, string> = { BatchMatMul: 'b', Conv2D: 'filter', Conv2DBackpropInput: 'filter' };

function timeCalls(c: Case): number {
  const times: number[] = [];
  const key = FRESH[c.kernel];
  for (let i = -2; i < CALLS; i++) {
    const copy = key === undefined ? undefined : tf.add(c.inputs[key] as tf.Tensor, 0);
    const inputs = key === undefined ? c.inputs : { ...c.inputs, [key]: copy };
    const start = performance.now();
    const out = tf.engine().runKernel(c.kernel, inputs as never, (c.attrs ?? {}) as never) as tf.Tensor;
    if (i >= 0) times.push(performance.now() - start);
    out.dispose();
    copy?.dispose();
  }
  return summarize(times).median;
}

const rows: Measurement[] = [];
const results: Record<string, unknown> = {};
const print = (name: string, ours: number[], base: number[], baseName: string) => {
  const s = summarize(ours);
  rows.push({ name, msPerOp: s.median, opsPerSec: 1000 / s.median, samples: s.n });
  const ratio = ratioOf(ours, base);
  results[name] = { ours: s, [baseName]: summarize(base), ratio };
  console.log(
    `  ${name.padEnd(50)} ${formatRange(s, ' ms')} vs ${formatRange(summarize(base), ' ms')}: ${formatRange(ratio, 'x')}`,
  );
};

console.log(
  `\n@eng/tensor-gpu kernels: ours vs tfjs's stock WASM kernel (median of ${CALLS} calls per round, ${ROUNDS} rounds)`,
);
for (const c of cases) {
  const figures = await interleave(ROUNDS, {
    ours: () => {
      useFastWasmKernels(true);
      return timeCalls(c);
    },
    stock: () => {
      useFastWasmKernels(false);
      return timeCalls(c);
    },
  });
  print(c.name, figures.ours ?? [], figures.stock ?? [], 'stock');
}
useFastWasmKernels(true);

console.log('\nConv2DBackpropFilter (stock WASM has none): the outer-product route vs the XNNPACK routes');
for (const [name, x, dy, filterShape] of [
  ['layer 1', x1, a1, [3, 3, 1, 16]],
  ['layer 2', x2, a2, [3, 3, 16, 32]],
] as const) {
  const c: Case = { name, kernel: 'Conv2DBackpropFilter', inputs: { x, dy }, attrs: { ...conv, filterShape } };
  const route = (value: 'outer' | 'conv' | 'im2col') => () => {
    conv2DBackpropFilterRoute.value = value;
    return timeCalls(c);
  };
  const figures = await interleave(ROUNDS, { outer: route('outer'), conv: route('conv'), im2col: route('im2col') });
  conv2DBackpropFilterRoute.value = 'auto';
  const best = (figures.conv ?? []).map((v, i) => Math.min(v, figures.im2col?.[i] ?? v));
  print(`Conv2DBackpropFilter ${name}, outer vs best XNNPACK route`, figures.outer ?? [], best, 'best XNNPACK route');
}

tf.dispose([x1, a1, x2, a2, p1, p2, ...cases.flatMap((c) => Object.values(c.inputs))]);
const leaked = tf.memory().numTensors - startTensors;
if (leaked > 0) throw new Error(`the kernel benchmark leaked ${leaked} tensors`);
report('tensor-gpu-kernels', rows, { rounds: ROUNDS, callsPerRound: CALLS, results });
