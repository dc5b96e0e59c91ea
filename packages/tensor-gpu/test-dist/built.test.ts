import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

// Each build runs in a fresh Node process, as a user's program would load it.
function run(code: string, type: 'module' | 'commonjs'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['--input-type=commonjs', '-e', code];
  return execFileSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', env: { ...process.env, ENG_BACKEND: '' } });
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
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({
      backend: 'wasm',
      shape: [3, 3, 3, 4],
      info: 'wasm',
      seed: 'function',
    });
  });

  it('CJS build: the same through require', () => {
    const out = run(`(async () => {${program("const m = require('./dist/index.cjs');")}})()`, 'commonjs');
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toMatchObject({ backend: 'wasm', shape: [3, 3, 3, 4] });
  });
});
