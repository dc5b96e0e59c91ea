import { tf } from '@eng/tensor-gpu';

/** The mean of a tensor as a number (0 for an empty one): what `initWeights` compares to see a parameter change. */
export function meanValue(t: tf.Tensor): number {
  if (t.size === 0) return 0;
  return tf.tidy(() => tf.mean(t.dtype === 'float32' ? t : tf.cast(t, 'float32')).dataSync()[0] ?? 0);
}
