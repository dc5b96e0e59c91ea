import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { BaseModel, type BaseModelOptions, type ForwardMode, type LossDict } from '../base-model/base-model';
import { ModelError } from '../errors';
import { recordTreeOnce } from '../module/module-name';
import { BaseDataElement } from '@eng/structures';

/**
 * Reads class labels from what a data loader puts beside the images: an int tensor, a number array, or data samples
 * carrying `gt_label` (a number, a 1-element tensor, or a LabelData-like element with `label`).
 */
export function extractLabels(dataSamples: unknown): number[] | undefined {
  if (dataSamples == null) return undefined;
  if (dataSamples instanceof tf.Tensor) return Array.from(dataSamples.dataSync() as ArrayLike<number>, Number);
  if (ArrayBuffer.isView(dataSamples)) return Array.from(dataSamples as unknown as ArrayLike<number>, Number);
  if (!Array.isArray(dataSamples)) {
    throw new TypeError(`data samples must be labels or a list of samples with gt_label, got ${describe(dataSamples)}`);
  }
  return dataSamples.map((s, i) => {
    if (typeof s === 'number') return s;
    let g: unknown = s;
    if (s && typeof s === 'object' && 'gt_label' in (s as object)) g = (s as { gt_label: unknown }).gt_label;
    if (g instanceof BaseDataElement && g.has('label')) g = g.label;
    if (g && typeof g === 'object' && 'label' in (g as object) && !(g instanceof tf.Tensor))
      g = (g as { label: unknown }).label;
    if (g instanceof tf.Tensor) g = g.dataSync()[0];
    if (Array.isArray(g)) g = g[0];
    if (typeof g !== 'number') throw new TypeError(`data sample ${i} has no usable gt_label (got ${describe(g)})`);
    return g;
  });
}

/**
 * Checks class-index labels against `[N, numClasses]` logits as PyTorch's `cross_entropy` does: one label per row, each
 * a whole number in `[0, numClasses)` (there is no `ignore_index`, so PyTorch's default `-100` is out of bounds too).
 * A loop over numbers the caller has on the host already: no kernel, no read from the backend.
 */
export function checkClassLabels(
  owner: string,
  logits: tf.Tensor,
  labels: ArrayLike<number>,
  numClasses: number,
): void {
  const shape = `[${logits.shape.join(', ')}]`;
  if (logits.rank !== 2 || logits.shape[1] !== numClasses) {
    throw new ModelError(
      'BAD_LOGITS',
      `${owner}: the classification loss needs logits of shape [N, ${numClasses}] (num_classes ${numClasses}), got ${shape}`,
    );
  }
  if (labels.length !== logits.shape[0]) {
    throw new ModelError(
      'BAD_LABELS',
      `${owner}: got ${labels.length} labels for a batch of ${logits.shape[0]} (logits shape ${shape})`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    if (Number.isInteger(t) && t >= 0 && t < numClasses) continue;
    const range = `labels must be whole numbers in [0, ${numClasses}) (num_classes ${numClasses})`;
    if (!Number.isInteger(t)) {
      throw new ModelError('BAD_LABELS', `${owner}: target ${t} of sample ${i} is not a class index: ${range}`);
    }
    throw new ModelError('LABEL_OUT_OF_RANGE', `${owner}: Target ${t} is out of bounds (sample ${i}): ${range}`);
  }
}

export interface ClassifierOptions extends BaseModelOptions {
  num_classes?: number;
}

/**
 * A classifier whose loss is softmax cross-entropy and whose predictions are data elements with `pred_label`,
 * `pred_score` (and `gt_label` when labels were given). Subclasses implement `logits(inputs)`.
 */
export abstract class Classifier extends BaseModel {
  readonly numClasses: number;

  constructor(options: ClassifierOptions = {}) {
    super(options);
    this.numClasses = options.num_classes ?? 10;
  }

  /** Class scores before the softmax, `[N, num_classes]`. */
  abstract logits(inputs: tf.Tensor): tf.Tensor;

  override forward(inputs: tf.Tensor | tf.Tensor[], dataSamples?: unknown, mode: ForwardMode = 'tensor'): unknown {
    // A list of same-shaped samples (a collate that did not stack) is stacked into a batch.
    const batch = Array.isArray(inputs) && inputs.every((t) => t instanceof tf.Tensor) ? tf.stack(inputs) : inputs;
    if (!(batch instanceof tf.Tensor)) {
      throw new TypeError(
        `${this.constructor.name} expects a tensor (or a list of tensors) of inputs, got ${describe(inputs)}`,
      );
    }
    recordTreeOnce(this); // layer errors name the layer by its place in this model (cheap after the first call)
    const logits = this.logits(batch);
    if (mode === 'tensor') return logits;
    if (mode === 'loss') {
      const labels = extractLabels(dataSamples);
      if (!labels)
        throw new ModelError('NO_LABELS', `${this.constructor.name}: mode 'loss' needs labels in data_samples`);
      return this.loss(logits, labels);
    }
    if (mode === 'predict') return this.predict(logits, dataSamples);
    throw new ModelError(
      'BAD_MODE',
      `Invalid mode "${String(mode)}"; only 'loss', 'predict' and 'tensor' are supported`,
    );
  }

  /**
   * Softmax cross-entropy of `logits` `[N, num_classes]` against class indices. As PyTorch's `cross_entropy`, every
   * label must be a whole number in `[0, num_classes)` (`Target 7 is out of bounds`): `tf.oneHot` would turn it into
   * an all-zero row and the model would train on garbage. The check runs on the labels already read on the host.
   */
  protected loss(logits: tf.Tensor, labels: number[]): LossDict {
    checkClassLabels(this.constructor.name, logits, labels, this.numClasses);
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), this.numClasses);
    return { loss: tf.losses.softmaxCrossEntropy(onehot, logits) };
  }

  protected predict(logits: tf.Tensor, dataSamples: unknown): BaseDataElement[] {
    const scores = tf.tidy(() => tf.softmax(logits)).arraySync() as number[][];
    const labels = dataSamples == null ? undefined : extractLabels(dataSamples);
    return scores.map((score, i) => {
      let best = 0;
      for (let c = 1; c < score.length; c++) if ((score[c] as number) > (score[best] as number)) best = c;
      const sample = new BaseDataElement({ pred_label: best, pred_score: score });
      if (labels) sample.gt_label = labels[i];
      return sample;
    });
  }
}
