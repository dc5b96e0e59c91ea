// Runs one kernel on the CPU backend (the reference) and on WASM with the same random inputs.
import { expect } from 'vitest';
import { nextSeed } from '../../../src/random';
import { tf } from '../../../src/tf';

/** Max-norm relative difference: max|a − b| / max|b|. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / (scale || 1);
}

export interface Case {
  inputs: Record<string, { shape: number[]; ints?: boolean }>;
  attrs: Record<string, unknown>;
}

/** Runs a kernel on the CPU and WASM backends with the same random inputs and returns both results. */
export async function onBothBackends(
  kernel: string,
  c: Case,
): Promise<{ cpu: Float32Array; wasm: Float32Array; shape: number[] }> {
  const values = Object.fromEntries(
    Object.entries(c.inputs).map(([name, spec]) => {
      const seed = nextSeed();
      const t = spec.ints
        ? tf.tidy(() => tf.randomUniform(spec.shape, -3, 3, 'int32', seed).toFloat())
        : tf.randomNormal(spec.shape, 0, 1, 'float32', seed);
      const data = t.dataSync().slice();
      t.dispose();
      return [name, { data, shape: spec.shape }];
    }),
  );
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const inputs = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
    const out = tf.engine().runKernel(kernel, inputs, c.attrs as never) as tf.Tensor;
    const result = { data: (await out.data()) as Float32Array, shape: out.shape };
    tf.dispose([out, ...Object.values(inputs)]);
    return result;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  expect(wasm.shape).toEqual(cpu.shape);
  return { cpu: cpu.data, wasm: wasm.data, shape: cpu.shape };
}
