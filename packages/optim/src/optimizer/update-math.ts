// Tensor steps shared by the update rules (internal: not re-exported from ./index).
import { tf } from '@eng/tensor-gpu';
import type { ParamGroup, ParamState } from './base';

/** The gradient to descend: negated when the group has `maximize` set. */
export function signedGrad(grad: tf.Tensor, group: ParamGroup): tf.Tensor {
  return group.maximize ? tf.neg(grad) : grad;
}

/** PyTorch's coupled (L2) weight decay: `grad + weightDecay * param`, skipped when the decay is 0. */
export function withWeightDecay(grad: tf.Tensor, param: tf.Tensor, weightDecay: number): tf.Tensor {
  return weightDecay !== 0 ? tf.add(grad, tf.mul(param, weightDecay)) : grad;
}

/** One step of an exponential moving average: `average * beta + value * (1 - beta)`. */
export function ema(average: tf.Tensor, value: tf.Tensor, beta: number): tf.Tensor {
  return tf.add(tf.mul(average, beta), tf.mul(value, 1 - beta));
}

/** Adam's first and second moment estimates after one more gradient (state keys `exp_avg`, `exp_avg_sq`). */
export function adamMoments(
  state: ParamState,
  grad: tf.Tensor,
  [beta1, beta2]: readonly [number, number],
): { expAvg: tf.Tensor; expAvgSq: tf.Tensor } {
  return {
    expAvg: ema(state.exp_avg as tf.Tensor, grad, beta1),
    expAvgSq: ema(state.exp_avg_sq as tf.Tensor, tf.square(grad), beta2),
  };
}

/** The bias correction `1 - beta^step` of a moving average started at zero. */
export function biasCorrection(beta: number, step: number): number {
  return 1 - beta ** step;
}

/** Zero tensors shaped like `param`, one per state key. */
export function zerosFor(param: tf.Tensor, ...keys: string[]): Record<string, tf.Tensor> {
  return Object.fromEntries(keys.map((key) => [key, tf.zerosLike(param)]));
}
