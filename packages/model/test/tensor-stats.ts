import type { tf } from '@eng/tensor-gpu';

/** Mean, standard deviation and range of a tensor's values, for checking random initialisers. */
export function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const d = Array.from(t.dataSync());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: Math.min(...d), max: Math.max(...d) };
}
