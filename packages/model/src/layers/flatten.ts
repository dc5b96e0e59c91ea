import { tf } from '@eng/tensor-gpu';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface FlattenOptions extends BaseModuleOptions {
  start_dim?: number;
  end_dim?: number;
}

/**
 * Flattens axes `start_dim` … `end_dim` into one. On NHWC feature maps the flattened order is H, W, C (PyTorch's is
 * C, H, W), so a Linear after it sees features in a different order than the same PyTorch network.
 */
export class Flatten extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Flatten');

  readonly startDim: number;
  readonly endDim: number;
  constructor(options: FlattenOptions = {}) {
    super(options);
    this.startDim = options.start_dim ?? 1;
    this.endDim = options.end_dim ?? -1;
  }
  override forward(x: tf.Tensor): tf.Tensor {
    const s = this.startDim < 0 ? x.rank + this.startDim : this.startDim;
    const e = this.endDim < 0 ? x.rank + this.endDim : this.endDim;
    if (s >= e) return x;
    const shape = x.shape;
    const merged = shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    return tf.reshape(x, [...shape.slice(0, s), merged, ...shape.slice(e + 1)]);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
