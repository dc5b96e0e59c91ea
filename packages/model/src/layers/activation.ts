import { tf } from '@eng/tensor-gpu';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';
import { z } from 'zod';

/** PyTorch's `inplace` is accepted and ignored: TensorFlow.js tensors are immutable. */
export interface InplaceOptions extends BaseModuleOptions {
  inplace?: boolean;
}

export class ReLU extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ReLU');

  constructor(options: InplaceOptions = {}) {
    super(options);
  }
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(x);
  }
}

export class ReLU6 extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ReLU6');

  constructor(options: InplaceOptions = {}) {
    super(options);
  }
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.relu6(x);
  }
}

export interface LeakyReLUOptions extends InplaceOptions {
  negative_slope?: number;
}

export class LeakyReLU extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('LeakyReLU');

  readonly negativeSlope: number;
  constructor(options: LeakyReLUOptions = {}) {
    super(options);
    this.negativeSlope = options.negative_slope ?? 0.01;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}

export interface GELUOptions extends BaseModuleOptions {
  /** `'none'` (exact, erf) or `'tanh'` (the approximation), as PyTorch. */
  approximate?: 'none' | 'tanh';
}

export class GELU extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('GELU');

  readonly approximate: 'none' | 'tanh';
  constructor(options: GELUOptions = {}) {
    super(options);
    this.approximate = options.approximate ?? 'none';
  }
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      if (this.approximate === 'tanh') {
        const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
        return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
      }
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    });
  }
}

export class Sigmoid extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Sigmoid');

  override forward(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(x);
  }
}

export class Tanh extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Tanh');

  override forward(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }
}

export interface SoftmaxOptions extends BaseModuleOptions {
  /** The axis to normalise (default -1, the last). */
  dim?: number;
}

export class Softmax extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Softmax');

  readonly dim: number;
  constructor(options: SoftmaxOptions = {}) {
    super(options);
    this.dim = options.dim ?? -1;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    const axis = this.dim < 0 ? x.rank + this.dim : this.dim;
    if (axis === x.rank - 1) return tf.softmax(x);
    return tf.tidy(() => {
      const shifted = tf.sub(x, tf.max(x, axis, true));
      const e = tf.exp(shifted);
      return tf.div(e, tf.sum(e, axis, true));
    });
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Passes its input through (PyTorch `nn.Identity`). */
export class Identity extends BaseModule {
  /** Any options, as PyTorch's `nn.Identity` takes and ignores any arguments. */
  static readonly optionsSchema = z.looseObject({});

  override forward(x: tf.Tensor): tf.Tensor {
    return x;
  }
}
