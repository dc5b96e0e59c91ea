import { evalNode, lastLine, packageRoot } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const pkg = packageRoot(import.meta.url);

// Each build runs in a fresh Node process, as a user's program would load it.
function run(code: string, type: 'module' | 'commonjs'): string {
  const result = evalNode(code, { type, cwd: pkg, env: { ENG_BACKEND: '' } });
  if (result.status !== 0) throw new Error(`node exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

const program = (load: string) => `
${load}
const log = () => {};
const backend = await m.initBackend({ prefer: ['wasm'], log });
const x = m.tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 1);
const w = m.tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2);
const g = m.tf.grad((k) => m.tf.sum(m.tf.conv2d(x, k, 1, 'same')))(w);
console.log(JSON.stringify({ backend, shape: g.shape, info: m.deviceInfo().backend, seed: typeof m.setRandomSeed }));
`;

describe('the built package', () => {
  it('ESM build: loads WASM binaries in Node and trains a convolution', () => {
    const out = run(program("const m = await import('./dist/index.js');"), 'module');
    expect(JSON.parse(lastLine(out))).toEqual({
      backend: 'wasm',
      shape: [3, 3, 3, 4],
      info: 'wasm',
      seed: 'function',
    });
  });

  it('CJS build: the same through require', () => {
    const out = run(`(async () => {${program("const m = require('./dist/index.cjs');")}})()`, 'commonjs');
    expect(JSON.parse(lastLine(out))).toMatchObject({ backend: 'wasm', shape: [3, 3, 3, 4] });
  });
});
