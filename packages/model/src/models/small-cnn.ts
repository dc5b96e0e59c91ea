import { tf } from '@eng/tensor-gpu';
import { ReLU } from '../layers/activation';
import { Conv2d } from '../layers/conv';
import { Flatten } from '../layers/flatten';
import { Linear } from '../layers/linear';
import { MaxPool2d } from '../layers/pooling';
import { Sequential } from '../module/containers';
import { Classifier, type ClassifierOptions } from './classifier';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface SmallCNNOptions extends ClassifierOptions {
  in_channels?: number;
  /** Channels of the two conv blocks (default [8, 16]). */
  channels?: [number, number];
  /** Width of the hidden fully connected layer (default 64). */
  hidden?: number;
  /** Input height/width (default 28). */
  image_size?: number;
}

/**
 * Two conv(3×3)–ReLU–maxpool(2) blocks and two Linear layers: a small classifier for 28×28 digits (NHWC inputs).
 * Children: `features` (Sequential) and `classifier` (Sequential).
 */
export class SmallCNN extends Classifier {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('SmallCNN');

  readonly features: Sequential;
  readonly classifier: Sequential;

  constructor(options: SmallCNNOptions = {}) {
    super(options);
    const [c1, c2] = options.channels ?? [8, 16];
    const inC = options.in_channels ?? 1;
    const size = Math.floor(Math.floor((options.image_size ?? 28) / 2) / 2);
    const hidden = options.hidden ?? 64;
    this.features = new Sequential(
      new Conv2d({ in_channels: inC, out_channels: c1, kernel_size: 3, padding: 1 }),
      new ReLU(),
      new MaxPool2d({ kernel_size: 2 }),
      new Conv2d({ in_channels: c1, out_channels: c2, kernel_size: 3, padding: 1 }),
      new ReLU(),
      new MaxPool2d({ kernel_size: 2 }),
    );
    this.classifier = new Sequential(
      new Flatten(),
      new Linear({ in_features: size * size * c2, out_features: hidden }),
      new ReLU(),
      new Linear({ in_features: hidden, out_features: this.numClasses }),
    );
  }

  logits(inputs: tf.Tensor): tf.Tensor {
    const x = inputs.rank === 3 ? tf.expandDims(inputs, -1) : inputs; // [N, H, W] grey images
    return this.classifier.forward(this.features.forward(x)) as tf.Tensor;
  }
}
