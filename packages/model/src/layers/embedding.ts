import { tf } from '@eng/tensor-gpu';
import { fillNormal } from '../init/fill';
import { BaseModule, type BaseModuleOptions } from '../module/base-module';
import { newVariable, positiveInt, registerModel } from './common';

export interface EmbeddingOptions extends BaseModuleOptions {
  num_embeddings: number;
  embedding_dim: number;
  /** This row starts at zero (its gradient is not masked, unlike PyTorch). */
  padding_idx?: number | null;
}

/** A lookup table `weight[num_embeddings, embedding_dim]` (PyTorch's shape), initialised N(0, 1). */
export class Embedding extends BaseModule {
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

  /** `indices`: an int tensor of any shape; the output adds a last axis of size `embedding_dim`. */
  override forward(indices: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const ids = indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32');
      const flat = tf.gather(this.weight, tf.reshape(ids, [-1]));
      return tf.reshape(flat, [...indices.shape, this.embeddingDim]);
    });
  }

  override extraRepr(): string {
    return (
      `${this.numEmbeddings}, ${this.embeddingDim}` +
      (this.paddingIdx !== undefined ? `, padding_idx=${this.paddingIdx}` : '')
    );
  }
}

registerModel(Embedding);
