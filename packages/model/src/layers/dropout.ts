import { nextSeed, tf } from '@eng/tensor-gpu';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface DropoutOptions extends BaseModuleOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  inplace?: boolean;
}

/** Zeroes elements with probability `p` in training mode and rescales by 1/(1-p); identity in eval mode. */
export class Dropout extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Dropout');

  static override readonly torchBases: readonly string[] = ['_DropoutNd'];
  readonly p: number;
  constructor(options: DropoutOptions = {}) {
    super(options);
    const p = options.p ?? 0.5;
    if (typeof p !== 'number' || p < 0 || p > 1) {
      throw new TypeError(`Dropout: p must be a probability between 0 and 1, got ${String(p)}`);
    }
    this.p = p;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return tf.zerosLike(x);
    return tf.dropout(x, this.p, undefined, nextSeed());
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
