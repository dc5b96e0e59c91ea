import { tf } from '@eng/tensor-gpu';
import { fillKaimingUniform, fillUniform } from '../init/fill';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { checkLastAxis, checkTensor, positiveInt } from './arg-checks';
import { newVariable } from './new-variable';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface LinearOptions extends BaseModuleOptions {
  in_features: number;
  out_features: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * `y = x Wᵀ + b` over the last axis. `weight` has PyTorch's shape `[out_features, in_features]`, so Linear weights
 * map one to one between PyTorch and eng state dicts.
 *
 * @example
 * const fc = new Linear({ in_features: 4, out_features: 2 });
 * fc.forward(tf.ones([3, 4])).shape; // [3, 2]
 */
export class Linear extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Linear');

  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(options: LinearOptions) {
    super(options);
    this.inFeatures = positiveInt('Linear', 'in_features', options?.in_features);
    this.outFeatures = positiveInt('Linear', 'out_features', options?.out_features);
    this.registerParameter('weight', newVariable([this.outFeatures, this.inFeatures]));
    this.registerParameter('bias', options.bias === false ? undefined : newVariable([this.outFeatures]));
    this.resetParameters();
  }

  get weight(): tf.Variable {
    return this.getParameter('weight') as tf.Variable;
  }

  get bias(): tf.Variable | undefined {
    return this.getParameter('bias');
  }

  /** PyTorch's default: kaiming_uniform(a=√5) for the weight, U(±1/√fan_in) for the bias. */
  resetParameters(): void {
    fillKaimingUniform(this.weight, Math.sqrt(5));
    const bound = 1 / Math.sqrt(this.inFeatures);
    if (this.bias) fillUniform(this.bias, -bound, bound);
  }

  override forward(x: tf.Tensor): tf.Tensor {
    checkTensor(this, x);
    checkLastAxis(this, x, this.inFeatures, ['input feature', 'input features']);
    const bias = this.bias;
    if (x.rank === 2) {
      const y = tf.matMul(x, this.weight, false, true);
      return bias ? tf.add(y, bias) : y;
    }
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.inFeatures]);
      let y: tf.Tensor = tf.matMul(flat, this.weight, false, true);
      if (bias) y = tf.add(y, bias);
      return tf.reshape(y, [...lead, this.outFeatures]);
    });
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== undefined}`;
  }
}
