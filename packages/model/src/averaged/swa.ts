import { tf } from '@eng/tensor-gpu';
import { BaseAveragedModel } from './base-averaged-model';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

/** Stochastic weight averaging: the running mean of the weights seen every `interval` updates (MMEngine `StochasticWeightAverage`). */
export class StochasticWeightAverage extends BaseAveragedModel {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('StochasticWeightAverage');

  protected avgFunc(averaged: tf.Tensor, source: tf.Tensor, steps: number): tf.Tensor {
    const alpha = 1 / (Math.floor(steps / this.interval) + 1);
    return tf.add(averaged, tf.mul(tf.sub(source, averaged), alpha));
  }
}
