// Two WASM backends in two worker threads of one process (the single-machine data-parallel path): each thread has
// its own heap and its own instance of our SIMD kernels, and both train at once to the losses of the main thread.
import { evalNode, packageRoot } from '@eng/test-utils';
import { expect, it } from 'vitest';

const pkg = packageRoot(import.meta.url);

it('two worker threads each train the CNN on their own WASM backend, with our kernels, to the same losses', () => {
  const code = `
import { Worker } from 'node:worker_threads';
const trainer = \`
  import { parentPort } from 'node:worker_threads';
  import { initBackend, setRandomSeed, tf, fastWasmKernelsEnabled } from '@eng/tensor-gpu';
  await initBackend({ prefer: ['wasm'], log: () => {} });
  setRandomSeed(3);
  const k = tf.variable(tf.randomNormal([3, 3, 8, 16], 0, 0.2, 'float32', 1));
  const x = tf.randomNormal([8, 10, 10, 8], 0, 1, 'float32', 2);
  const opt = tf.train.adam(0.01);
  const losses = [];
  for (let i = 0; i < 5; i++) {
    const loss = opt.minimize(() => tf.mean(tf.square(tf.relu(tf.conv2d(x, k, 1, 'same')))), true, [k]);
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  parentPort.postMessage({ losses, backend: tf.getBackend(), fast: fastWasmKernelsEnabled(),
    sum: tf.getKernel('Sum', 'wasm')?.[Symbol.for('eng.tensor-gpu.kernel')] === true });
\`;
const run = () => new Promise((resolve, reject) => {
  const w = new Worker(trainer, { eval: true, type: 'module' });
  w.once('message', (m) => { resolve(m); w.terminate(); });
  w.once('error', reject);
});
const results = await Promise.all([run(), run()]);
console.log(JSON.stringify(results));
`;
  const result = evalNode(code, { type: 'module', cwd: pkg, env: { ENG_BACKEND: '' } });
  expect(result.stderr).toBe('');
  const [a, b] = JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
  expect(a.backend).toBe('wasm');
  expect(a.fast && a.sum).toBe(true);
  expect(a.losses).toHaveLength(5);
  expect(a.losses[4]).toBeLessThan(a.losses[0]);
  expect(b.losses).toEqual(a.losses);
});
