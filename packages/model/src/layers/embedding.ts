import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { fillNormal } from '../init/fill';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { moduleLabel } from '../module/module-name';
import { shapeString } from '../module/shape';
import { checkTensor, positiveInt } from './arg-checks';
import { newVariable } from './new-variable';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export interface EmbeddingOptions extends BaseModuleOptions {
  num_embeddings: number;
  embedding_dim: number;
  /** This row starts at zero and gets no gradient (PyTorch's padding row); negative counts from the end. */
  padding_idx?: number | null;
}

/** A lookup table `weight[num_embeddings, embedding_dim]` (PyTorch's shape), initialised N(0, 1). */
export class Embedding extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Embedding');

  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | undefined;

  constructor(options: EmbeddingOptions) {
    super(options);
    this.numEmbeddings = positiveInt('Embedding', 'num_embeddings', options?.num_embeddings);
    this.embeddingDim = positiveInt('Embedding', 'embedding_dim', options.embedding_dim);
    const idx = options.padding_idx ?? undefined;
    if (idx !== undefined && (!Number.isInteger(idx) || idx >= this.numEmbeddings || idx < -this.numEmbeddings)) {
      throw new TypeError(`Embedding: padding_idx must be within num_embeddings, got ${idx}`);
    }
    this.paddingIdx = idx === undefined ? undefined : idx < 0 ? idx + this.numEmbeddings : idx;
    this.registerParameter('weight', newVariable([this.numEmbeddings, this.embeddingDim]));
    this.resetParameters();
  }

  get weight(): tf.Variable {
    return this.getParameter('weight') as tf.Variable;
  }

  resetParameters(): void {
    fillNormal(this.weight, 0, 1);
    const idx = this.paddingIdx;
    if (idx !== undefined) {
      tf.tidy(() => {
        const mask = tf.oneHot(tf.tensor1d([idx], 'int32'), this.numEmbeddings).reshape([this.numEmbeddings, 1]);
        this.weight.assign(tf.mul(this.weight, tf.sub(1, mask)));
      });
    }
  }

  /**
   * `indices`: an int tensor of any shape (a float tensor holding whole numbers works too); the output adds a last
   * axis of size `embedding_dim`. An index outside `[0, num_embeddings)` is an error, as PyTorch's `index out of
   * range`: checking it reads the indices (one `dataSync` of the int tensor, no kernel).
   */
  override forward(indices: tf.Tensor): tf.Tensor {
    checkTensor(this, indices);
    this._checkIndices(indices);
    return tf.tidy(() => {
      const ids = indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32');
      const flatIds = tf.reshape(ids, [-1]) as tf.Tensor1D;
      const rows =
        this.paddingIdx === undefined ? tf.gather(this.weight, flatIds) : this._lookupSkippingPadding(flatIds);
      return tf.reshape(rows, [...indices.shape, this.embeddingDim]);
    });
  }

  private _checkIndices(indices: tf.Tensor): void {
    const values = indices.dataSync() as ArrayLike<number>;
    const n = this.numEmbeddings;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v >= 0 && v < n && Number.isInteger(v)) continue;
      const at = `at flat position ${i} of the input (shape ${shapeString(indices.shape)})`;
      if (!Number.isInteger(v)) {
        throw new ModelError(
          'BAD_INDEX',
          `${moduleLabel(this)} got ${v} ${at}: indices must be whole numbers in [0, ${n}) (num_embeddings)`,
        );
      }
      throw new ModelError(
        'INDEX_OUT_OF_RANGE',
        `${moduleLabel(this)}: index ${v} ${at} is out of range: num_embeddings is ${n}, so indices must be in [0, ${n})`,
      );
    }
  }

  /** `gather` whose gradient leaves the `padding_idx` row out, as PyTorch's embedding backward does. */
  private _lookupSkippingPadding(ids: tf.Tensor1D): tf.Tensor {
    const pad = this.paddingIdx as number;
    const rows = this.numEmbeddings;
    // customGrad hands f the inputs, then the save function, in one rest parameter
    const lookup = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [weight, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([ids]);
      return {
        value: tf.gather(weight, ids),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const savedIds = saved[0] as tf.Tensor1D;
          const keep = tf.expandDims(tf.cast(tf.notEqual(savedIds, pad), dy.dtype), 1);
          return tf.unsortedSegmentSum(tf.mul(dy, keep), savedIds, rows);
        },
      };
    });
    return lookup(this.weight);
  }

  override extraRepr(): string {
    return (
      `${this.numEmbeddings}, ${this.embeddingDim}` +
      (this.paddingIdx !== undefined ? `, padding_idx=${this.paddingIdx}` : '')
    );
  }
}
