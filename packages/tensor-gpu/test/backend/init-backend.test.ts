import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { captureLog } from '@eng/logging/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/tf';
import { resolvePackage } from '../../src/backend/detect';
import { BackendError } from '../../src/backend/backend-error';
import { initBackend, lastBackendChoice } from '../../src/backend/init-backend';

// A stand-in for @tensorflow/tfjs-node: registers a backend named 'tensorflow' that is the CPU backend under
// another name (every CPU kernel re-registered for it), the way the real package registers its native one.
const FAKE_TFJS_NODE = `
const tf = require('@tensorflow/tfjs');
globalThis.__engFakeTfjsNodeLoads = (globalThis.__engFakeTfjsNodeLoads || 0) + 1;
if (tf.findBackendFactory('tensorflow') == null) {
  for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
  tf.registerBackend('tensorflow', () => tf.findBackendFactory('cpu')(), 1);
}
module.exports = tf;
`;

let project: string;
const messages: string[] = [];
const log = (m: string) => void messages.push(m);

beforeAll(() => {
  project = realpathSync(mkdtempSync(join(tmpdir(), 'eng-tfjs-node-')));
  const modules = join(project, 'node_modules', '@tensorflow');
  mkdirSync(join(modules, 'tfjs-node'), { recursive: true });
  writeFileSync(
    join(modules, 'tfjs-node', 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'index.js' }),
  );
  writeFileSync(join(modules, 'tfjs-node', 'index.js'), FAKE_TFJS_NODE);
  // The stand-in requires the one @tensorflow/tfjs this package uses, as the real one would through its peer.
  const tfjsDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs/package.json'));
  symlinkSync(tfjsDir, join(modules, 'tfjs'), 'dir');
  // A package that is installed but broken.
  mkdirSync(join(modules, 'tfjs-node-gpu'), { recursive: true });
  writeFileSync(
    join(modules, 'tfjs-node-gpu', 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', main: 'index.js' }),
  );
  writeFileSync(
    join(modules, 'tfjs-node-gpu', 'index.js'),
    "throw new Error('libtensorflow.so: cannot open shared object file');",
  );
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

afterEach(() => {
  messages.length = 0;
  delete process.env.ENG_BACKEND;
});

describe('initBackend', () => {
  it('falls back to WASM when neither native package is installed, and says why', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'eng-empty-'));
    try {
      const backend = await initBackend({ resolveFrom: [empty], log });
      expect(backend).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/backend 'wasm'/);
      expect(messages[0]).toMatch(/tfjs-node-gpu: package @tensorflow\/tfjs-node-gpu is not installed/);
      expect(messages[0]).toMatch(/tfjs-node: package @tensorflow\/tfjs-node is not installed/);
      expect(lastBackendChoice()?.attempts.map((a) => a.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('detects @tensorflow/tfjs-node installed in a project and uses its backend', async () => {
    expect(resolvePackage('@tensorflow/tfjs-node', { resolveFrom: [project] }).found).toBe(true);
    const backend = await initBackend({ resolveFrom: [project], log });
    expect(backend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    // the GPU package was tried first and reported as broken, not silently ignored
    expect(messages[0]).toMatch(
      /tfjs-node-gpu: @tensorflow\/tfjs-node-gpu is installed but failed to load: libtensorflow/,
    );
    const sum = tf.add(tf.tensor([1, 2]), tf.tensor([3, 4]));
    expect(Array.from(await sum.data())).toEqual([4, 6]);
    sum.dispose();
    expect((globalThis as { __engFakeTfjsNodeLoads?: number }).__engFakeTfjsNodeLoads).toBe(1);
  });

  it('reports the choice to the current MMLogger when no log function is given', async () => {
    const lines = captureLog();
    expect(await initBackend({ prefer: ['cpu'] })).toBe('cpu');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ - eng - INFO - \[tensor-gpu\] backend 'cpu' \(from options\.prefer\)$/);
  });

  it('follows options.prefer in order', async () => {
    expect(await initBackend({ prefer: ['cpu', 'wasm'], log })).toBe('cpu');
    expect(await initBackend({ prefer: ['webgpu', 'wasm'], log })).toBe('wasm');
    expect(messages[1]).toMatch(/webgpu: no backend named 'webgpu' is registered/);
  });

  it('lets ENG_BACKEND override the options', async () => {
    process.env.ENG_BACKEND = 'cpu';
    expect(await initBackend({ prefer: ['wasm'], log })).toBe('cpu');
    expect(messages[0]).toMatch(/from ENG_BACKEND/);
    process.env.ENG_BACKEND = 'tfjs-node,wasm';
    expect(await initBackend({ resolveFrom: [project], log })).toBe('tensorflow');
    expect(lastBackendChoice()?.source).toBe('ENG_BACKEND');
  });

  it('throws a BackendError naming every attempt when nothing starts', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'eng-empty-'));
    try {
      const error = await initBackend({ prefer: ['tfjs-node', 'nope'], resolveFrom: [empty], log }).catch((e) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(BackendError.isInstance(error)).toBe(true);
      expect(error.name).toBe('BackendError');
      expect(error.code).toBe('BACKEND_UNAVAILABLE');
      expect(error.message).toMatch(/tfjs-node: package @tensorflow\/tfjs-node is not installed/);
      expect(error.message).toMatch(/nope: no backend named 'nope' is registered \(registered: .*wasm/);
      expect(error.attempts).toHaveLength(2);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rejects a prefer that is not an array', async () => {
    await expect(initBackend({ prefer: 'wasm' as never, log })).rejects.toThrow(TypeError);
    process.env.ENG_BACKEND = 'cpu'; // a wrong argument is reported even when the environment overrides it
    await expect(initBackend({ prefer: 'wasm' as never, log })).rejects.toThrow(/prefer must be an array/);
  });

  it('WASM loads its binaries in Node', async () => {
    expect(await initBackend({ prefer: ['wasm'], log })).toBe('wasm');
    const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]));
    expect(Array.from(await y.data())).toEqual([3, 3, 3, 3]);
    y.dispose();
  });
});
