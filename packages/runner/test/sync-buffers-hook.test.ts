import { BatchNorm1d, Linear, Sequential } from '@eng/model';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncBuffersHook } from '../src/hooks/sync-buffers-hook';
import type { Runner } from '../src/runner/runner';

let model: Sequential;

beforeAll(async () => {
  await initBackend({ prefer: ['wasm', 'cpu'] });
  model = new Sequential({
    modules: [new Linear({ in_features: 2, out_features: 2 }), new BatchNorm1d({ num_features: 2 })],
  });
  // Give the running statistics values of their own, as a rank would have after its epoch.
  for (const [i, buffer] of [...model.buffers()].entries()) buffer.assign(tf.fill(buffer.shape, i + 0.5, buffer.dtype));
});

afterAll(() => model.dispose());

function fakeRunner(distributed: boolean): Runner {
  return { model, distributed, worldSize: distributed ? 2 : 1, rank: 0 } as unknown as Runner;
}

const snapshot = (): Array<[string, number[]]> => [...model.namedBuffers()].map(([n, b]) => [n, [...b.dataSync()]]);

describe('SyncBuffersHook in one process', () => {
  it('leaves the buffers untouched after a train epoch and before a validation epoch', () => {
    const before = snapshot();
    expect(before.length).toBeGreaterThan(0);
    const buffers = [...model.buffers()];
    const memory = tf.memory().numTensors;
    const hook = new SyncBuffersHook();
    const runner = fakeRunner(false);
    hook.afterTrainEpoch(runner);
    hook.beforeValEpoch(runner);
    hook.beforeValEpoch(runner);
    expect(snapshot()).toEqual(before);
    expect([...model.buffers()]).toEqual(buffers);
    expect(tf.memory().numTensors).toBe(memory);
  });

  it('runs at priority NORMAL and has no options', () => {
    expect(new SyncBuffersHook().priority).toBe('NORMAL');
    const result = SyncBuffersHook.optionsSchema['~standard'].validate({ interval: 1 });
    expect('issues' in result && result.issues?.length).toBe(1);
  });
});

// The distributed behaviour (buffers averaged over 2 ranks) runs under mpirun in test-dist/distributed.test.ts.
