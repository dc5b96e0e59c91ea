import {
  BaseModule,
  type BaseModuleOptions,
  checkClassLabels,
  extractLabels,
  Linear,
  type LossDict,
  ModelError,
} from '@eng/model';
import { BaseDataElement } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';

export interface LinearClsHeadOptions extends BaseModuleOptions {
  num_classes: number;
  /** Channels of the feature map (an `ImageClassifier` passes its backbone's when the config leaves it out). */
  in_channels: number;
}

/**
 * mmpretrain's `LinearClsHead`: global average pooling over the feature map, one `Linear` layer (`fc`), softmax
 * cross-entropy loss; `predict` puts `pred_score` (the softmax, one number per class) and `pred_label` into each data
 * sample.
 *
 * @example
 * const head = new LinearClsHead({ num_classes: 4, in_channels: 32 });
 * head.forward(tf.zeros([2, 8, 8, 32])).shape; // [2, 4]
 */
export class LinearClsHead extends BaseModule {
  readonly numClasses: number;
  readonly fc: Linear;

  constructor(options: LinearClsHeadOptions) {
    super(options);
    const { num_classes, in_channels } = options;
    if (!Number.isInteger(num_classes) || num_classes <= 0) {
      throw new ModelError(
        'BAD_OPTIONS',
        `LinearClsHead: num_classes should be a positive integer, got ${num_classes}`,
      );
    }
    this.numClasses = num_classes;
    this.fc = new Linear({ in_features: in_channels, out_features: num_classes });
  }

  /** Class scores before the softmax, `[N, num_classes]`, from a `[N, H, W, C]` feature map (or pooled `[N, C]`). */
  override forward(feats: tf.Tensor): tf.Tensor {
    const pooled = feats.rank === 4 ? tf.mean(feats, [1, 2]) : feats;
    return this.fc.forward(pooled);
  }

  /** Softmax cross-entropy against the samples' `gt_label`. */
  loss(feats: tf.Tensor, dataSamples: unknown): LossDict {
    const logits = this.forward(feats);
    const labels = extractLabels(dataSamples);
    if (labels === undefined)
      throw new ModelError('NO_LABELS', "LinearClsHead: mode 'loss' needs gt_label in data_samples");
    checkClassLabels('LinearClsHead', logits, labels, this.numClasses);
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), this.numClasses);
    return { loss: tf.losses.softmaxCrossEntropy(onehot, logits) };
  }

  /** The data samples (new ones when none are given) with `pred_score` and `pred_label` set. */
  predict(feats: tf.Tensor, dataSamples?: readonly unknown[] | null): BaseDataElement[] {
    const scores = tf.tidy(() => tf.softmax(this.forward(feats))).arraySync() as number[][];
    return scores.map((score, i) => {
      const given = dataSamples?.[i];
      const sample = given instanceof BaseDataElement ? given : new BaseDataElement();
      let best = 0;
      for (let c = 1; c < score.length; c++) if ((score[c] as number) > (score[best] as number)) best = c;
      sample.pred_score = score;
      sample.pred_label = best;
      return sample;
    });
  }
}
