import { beforeAll, describe, expect, it } from 'vitest';
import { collectTensors, disposeAll, measureTensorDelta, tidyStep, withTensorScope } from '../src/memory';
import { tf } from '../src/tf';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tidyStep', () => {
  it('frees intermediates and keeps the returned tensors', () => {
    const before = tf.memory().numTensors;
    const out = tidyStep(() => {
      const a = tf.ones([3]);
      const b = tf.add(a, a);
      return { sum: tf.sum(b), parts: [b] };
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(out.sum.dataSync()[0]).toBe(6);
    disposeAll(out);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('withTensorScope', () => {
  it('frees what an async step created, across awaits, and keeps its result', async () => {
    const before = tf.memory().numTensors;
    const result = await withTensorScope(async () => {
      const a = tf.ones([2, 2]);
      await new Promise((r) => setTimeout(r, 1));
      const b = tf.mul(a, 3);
      return { loss: tf.mean(b), log: 'ok', nested: new Map([['b', b]]) };
    });
    expect(result.log).toBe('ok');
    expect(result.loss.dataSync()[0]).toBe(3);
    expect(tf.memory().numTensors).toBe(before + 2);
    disposeAll(result);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees everything when the step throws', async () => {
    const before = tf.memory().numTensors;
    await expect(
      withTensorScope(async () => {
        tf.ones([5]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps variables created inside', async () => {
    const v = await withTensorScope(() => tf.variable(tf.zeros([2])));
    expect(v.isDisposed).toBe(false);
    v.dispose();
  });
});

describe('disposeAll', () => {
  it('walks arrays, objects, Maps and Sets, skips variables unless asked, and tolerates cycles', () => {
    const v = tf.variable(tf.ones([1]));
    const t1 = tf.ones([1]);
    const t2 = tf.ones([1]);
    const t3 = tf.ones([1]);
    const cyclic: Record<string, unknown> = { a: [t1, { b: new Set([t2]) }], m: new Map([['x', t3]]), v, n: 3 };
    cyclic.self = cyclic;
    expect(collectTensors(cyclic)).toHaveLength(4);
    expect(disposeAll(cyclic)).toBe(3);
    expect([t1, t2, t3].every((t) => t.isDisposed)).toBe(true);
    expect(v.isDisposed).toBe(false);
    expect(disposeAll(cyclic, { variables: true })).toBe(1);
    expect(v.isDisposed).toBe(true);
  });

  it('measureTensorDelta reports what leaked', async () => {
    const { result, tensors } = await measureTensorDelta(() => tf.ones([4]));
    expect(tensors).toBe(1);
    result.dispose();
  });
});
