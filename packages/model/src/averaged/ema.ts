import { printLog } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import { type AveragedModelOptions, BaseAveragedModel } from './base-averaged-model';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface EMAOptions extends AveragedModelOptions {
  /** Weight of the new value: `avg = (1 - momentum) · avg + momentum · x` (default 0.0002). */
  momentum?: number;
}

/**
 * Exponential moving average of a model's weights (MMEngine `ExponentialMovingAverage`). `momentum` is the weight
 * of the *new* value, usually small, unlike an optimizer's momentum.
 *
 * @example
 * const ema = new ExponentialMovingAverage({ model, momentum: 0.01 });
 * // after each optimizer step:
 * ema.updateParameters(model);
 */
export class ExponentialMovingAverage extends BaseAveragedModel {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ExponentialMovingAverage');

  readonly momentum: number;

  constructor(options: EMAOptions) {
    super(options);
    const momentum = options.momentum ?? 0.0002;
    if (!(momentum > 0 && momentum < 1)) {
      throw new RangeError(`momentum must be in range (0.0, 1.0) but got ${momentum}`);
    }
    if (momentum > 0.5) {
      printLog(
        `The value of momentum in EMA is usually a small number, which is different from the conventional notion of momentum but got ${momentum}. Please make sure the value is correct.`,
        { logger: 'current', level: 'WARNING' },
      );
    }
    this.momentum = momentum;
  }

  protected avgFunc(averaged: tf.Tensor, source: tf.Tensor, _steps: number): tf.Tensor {
    return tf.add(averaged, tf.mul(tf.sub(source, averaged), this.momentum));
  }
}

export interface MomentumAnnealingEMAOptions extends EMAOptions {
  /** Momentum is `max(momentum, gamma / (gamma + steps))` (default 100). */
  gamma?: number;
}

/** EMA whose momentum starts large and anneals to `momentum` (MMEngine `MomentumAnnealingEMA`). */
export class MomentumAnnealingEMA extends ExponentialMovingAverage {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: ModelOptionsSchema = modelSchema('MomentumAnnealingEMA');

  readonly gamma: number;

  constructor(options: MomentumAnnealingEMAOptions) {
    super(options);
    const gamma = options.gamma ?? 100;
    if (!(gamma > 0)) throw new RangeError(`gamma must be greater than 0, but got ${gamma}`);
    this.gamma = gamma;
  }

  protected override avgFunc(averaged: tf.Tensor, source: tf.Tensor, steps: number): tf.Tensor {
    const m = Math.max(this.momentum, this.gamma / (this.gamma + steps));
    return tf.add(averaged, tf.mul(tf.sub(source, averaged), m));
  }
}
