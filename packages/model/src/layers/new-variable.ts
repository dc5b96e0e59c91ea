import { tf } from '@eng/tensor-gpu';

/** A zero-filled trainable variable (or buffer-like when `trainable` is false), without leaking the initial tensor. */
export function newVariable(shape: number[], trainable = true, dtype: tf.DataType = 'float32'): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape, dtype), trainable));
}
