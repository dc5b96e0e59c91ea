import { tf } from '@eng/tensor-gpu';
import { Dropout } from '../layers/dropout';
import { Linear } from '../layers/linear';
import { ReLU } from '../layers/activation';
import { Sequential } from '../module/containers';
import { Classifier, type ClassifierOptions } from './classifier';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface MLPOptions extends ClassifierOptions {
  /** Flattened input size (default 784, a 28×28 digit). */
  in_features?: number;
  /** Widths of the hidden layers (default [128]). */
  hidden_channels?: number[];
  /** Dropout after each hidden layer (default 0). */
  dropout?: number;
}

/**
 * A multi-layer perceptron classifier for the demos (28×28 digits by default): inputs of any shape `[N, ...]` are
 * flattened. Children: `layers` (a Sequential of Linear/ReLU[/Dropout]) and `head`.
 *
 * @example
 * const model = MODELS.build({ type: 'MLP', hidden_channels: [64], num_classes: 10 });
 */
export class MLP extends Classifier {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('MLP');

  readonly layers: Sequential;
  readonly head: Linear;

  constructor(options: MLPOptions = {}) {
    super(options);
    const widths = [options.in_features ?? 784, ...(options.hidden_channels ?? [128])];
    this.layers = new Sequential();
    for (let i = 1; i < widths.length; i++) {
      this.layers.append(new Linear({ in_features: widths[i - 1] as number, out_features: widths[i] as number }));
      this.layers.append(new ReLU());
      if (options.dropout) this.layers.append(new Dropout({ p: options.dropout }));
    }
    this.head = new Linear({ in_features: widths[widths.length - 1] as number, out_features: this.numClasses });
  }

  logits(inputs: tf.Tensor): tf.Tensor {
    const flat = inputs.rank === 2 ? inputs : tf.reshape(inputs, [inputs.shape[0] as number, -1]);
    return this.head.forward(this.layers.forward(flat) as tf.Tensor);
  }
}
