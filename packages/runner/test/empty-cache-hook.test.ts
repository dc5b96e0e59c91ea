import { initBackend, tf } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EmptyCacheHook, releaseBackendCache } from '../src/hooks/empty-cache-hook';
import type { Runner } from '../src/runner/runner';

beforeAll(async () => {
  await initBackend({ prefer: ['wasm', 'cpu'] });
});

const runner = {} as Runner;

/** Drives the hook points of `epochs` train epochs, then one val and one test epoch, as the loops call them. */
function run(hook: EmptyCacheHook, epochs: number, iters: number): void {
  for (let e = 0; e < epochs; e++) {
    hook.beforeTrainEpoch(runner);
    for (let i = 0; i < iters; i++) hook.afterTrainIter(runner, i);
    hook.afterTrainEpoch(runner);
  }
  hook.beforeValEpoch(runner);
  for (let i = 0; i < iters; i++) hook.afterValIter(runner, i);
  hook.afterValEpoch(runner, {});
  hook.beforeTestEpoch(runner);
  for (let i = 0; i < iters; i++) hook.afterTestIter(runner, i);
  hook.afterTestEpoch(runner, {});
}

describe('EmptyCacheHook: when it releases the cache', () => {
  it.each([
    [{}, (e: number) => e + 2],
    [{ before_epoch: true }, (e: number) => 2 * (e + 2)],
    [{ after_epoch: false }, () => 0],
    [{ after_iter: true, before_epoch: true }, (e: number, n: number) => (e + 2) * (2 + n)],
  ])('%o', (options, expected) => {
    const hook = new EmptyCacheHook(options);
    const spy = vi.spyOn(hook, 'emptyCache');
    run(hook, 3, 4);
    // Each epoch of training, validation and test triggers the points the options turn on.
    expect(spy).toHaveBeenCalledTimes(expected(3, 4));
  });

  it('runs at priority NORMAL and refuses an unknown option with the nearest one', () => {
    expect(new EmptyCacheHook().priority).toBe('NORMAL');
    const result = EmptyCacheHook.optionsSchema['~standard'].validate({ after_iters: true });
    expect('issues' in result && result.issues?.[0]?.message).toMatch(/Did you mean "after_iter"/);
  });
});

describe('EmptyCacheHook on the CPU and WASM backends', () => {
  it('frees nothing, disposes no tensor and leaks nothing', () => {
    const kept = tf.tensor1d([1, 2, 3]);
    const variable = tf.variable(tf.ones([2, 2]));
    const before = tf.memory();
    const hook = new EmptyCacheHook({ before_epoch: true, after_iter: true });
    // Inside an open scope too, as the runner's iterations are.
    tf.engine().startScope();
    const inScope = tf.add(kept, 1);
    expect(hook.emptyCache()).toEqual({ backend: tf.getBackend(), releasedBytes: 0 });
    tf.engine().endScope();
    run(hook, 2, 3);
    expect(inScope.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(false);
    expect([...kept.dataSync()]).toEqual([1, 2, 3]);
    expect([...variable.dataSync()]).toEqual([1, 1, 1, 1]);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    kept.dispose();
    variable.dispose();
  });
});

describe('releaseBackendCache on the GPU backends (their pools, as tfjs keeps them)', () => {
  it('deletes the free WebGL textures, keeps the used ones and updates the byte counts', () => {
    const deleted: unknown[] = [];
    const pool = {
      gpgpu: { deleteMatrixTexture: (t: unknown) => deleted.push(t) },
      freeTextures: { '4_4_0': [{ texture: 'free-a' }, { texture: 'free-b' }], '8_8_0': [{ texture: 'free-c' }] },
      usedTextures: { '4_4_0': [{ texture: 'used' }] },
      numFreeTextures: 3,
      numUsedTextures: 1,
      _numBytesAllocated: 1000,
      _numBytesFree: 600,
    };
    expect(releaseBackendCache({ textureManager: pool }).releasedBytes).toBe(600);
    expect(deleted).toEqual(['free-a', 'free-b', 'free-c']);
    expect(pool.freeTextures).toEqual({ '4_4_0': [], '8_8_0': [] });
    expect(pool.usedTextures['4_4_0']).toHaveLength(1);
    expect(pool._numBytesAllocated).toBe(400);
    expect(pool._numBytesFree).toBe(0);
    expect(pool.numFreeTextures).toBe(0);
    // A disposed backend (freeTextures null) is left alone.
    expect(releaseBackendCache({ textureManager: { ...pool, freeTextures: null } }).releasedBytes).toBe(0);
  });

  it('destroys the free WebGPU buffers and keeps the pool usable', () => {
    const destroyed: string[] = [];
    const buffer = (id: string) => ({ destroy: () => destroyed.push(id) });
    const pool = {
      freeBuffers: new Map([
        ['256_12', [buffer('a'), buffer('b')]],
        ['1024_12', [buffer('c')]],
      ]),
      usedBuffers: new Map([['256_12', [buffer('used')]]]),
      numFreeBuffers: 3,
      numBytesAllocated: 2048,
    };
    expect(releaseBackendCache({ bufferManager: pool }).releasedBytes).toBe(256 * 2 + 1024);
    expect(destroyed).toEqual(['a', 'b', 'c']);
    expect(pool.numBytesAllocated).toBe(2048 - 1536);
    expect(pool.numFreeBuffers).toBe(0);
    // The keys stay: tfjs skips a release into a pool whose map is empty.
    expect([...pool.freeBuffers.keys()]).toEqual(['256_12', '1024_12']);
    expect([...pool.freeBuffers.values()].every((list) => list.length === 0)).toBe(true);
    expect(pool.usedBuffers.get('256_12')).toHaveLength(1);
  });

  it('leaves a backend without a pool alone', () => {
    expect(releaseBackendCache({}).releasedBytes).toBe(0);
    expect(releaseBackendCache(null).releasedBytes).toBe(0);
  });
});
