import { tf } from '@eng/tensor-gpu';
import { StructuresError } from './errors';
import { BaseDataElement } from './base-data-element';

/**
 * Labels of a whole sample (classification): MMEngine's `LabelData`, with its two converters between a label
 * tensor (`[2, 5]`) and a one-hot/multi-hot vector.
 *
 * @example
 * LabelData.labelToOnehot(tf.tensor1d([1, 3], 'int32'), 5).arraySync(); // [0, 1, 0, 1, 0]
 */
export class LabelData extends BaseDataElement {
  /** The indices of the ones of a 1-D one-hot (or multi-hot) tensor, as an int32 tensor. */
  static onehotToLabel(onehot: tf.Tensor): tf.Tensor1D {
    if (!(onehot instanceof tf.Tensor) || onehot.rank !== 1) {
      throw new StructuresError('BAD_ONEHOT', 'the onehot input must be a 1-D tensor');
    }
    const values = onehot.dataSync() as ArrayLike<number>;
    const labels: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (v !== 0 && v !== 1)
        throw new StructuresError('BAD_ONEHOT', `the input is not a one-hot tensor: found value ${v} at ${i}`);
      if (v === 1) labels.push(i);
    }
    return tf.tensor1d(labels, 'int32');
  }

  /** A length-`numClasses` int32 vector with ones at the given labels. */
  static labelToOnehot(label: tf.Tensor | number[], numClasses: number): tf.Tensor1D {
    const values = label instanceof tf.Tensor ? Array.from(label.dataSync() as ArrayLike<number>) : label;
    if (!Number.isInteger(numClasses) || numClasses <= 0) {
      throw new TypeError(`numClasses must be a positive integer, got ${String(numClasses)}`);
    }
    const out = new Int32Array(numClasses);
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
        throw new StructuresError('BAD_LABEL', `label ${v} is outside [0, ${numClasses})`);
      }
      out[v] = 1;
    }
    return tf.tensor1d(out, 'int32');
  }
}
