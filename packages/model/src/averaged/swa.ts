import { tf } from '@eng/tensor-gpu';
import { BaseAveragedModel } from './base-averaged-model';

/** Stochastic weight averaging: the running mean of the weights seen every `interval` updates (MMEngine `StochasticWeightAverage`). */
export class StochasticWeightAverage extends BaseAveragedModel {
  protected avgFunc(averaged: tf.Tensor, source: tf.Tensor, steps: number): tf.Tensor {
    const alpha = 1 / (Math.floor(steps / this.interval) + 1);
    return tf.add(averaged, tf.mul(tf.sub(source, averaged), alpha));
  }
}
