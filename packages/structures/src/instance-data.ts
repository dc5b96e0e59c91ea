import { tf } from '@eng/tensor-gpu';
import { StructuresError } from './errors';
import { describe } from '@eng/internal';
import { BaseDataElement } from './base-data-element';

/** What `InstanceData.index` accepts: one index, indices, a boolean mask, or a 1-D int/bool tensor. */
export type InstanceIndex = number | number[] | boolean[] | tf.Tensor;

function lengthOf(value: unknown): number | undefined {
  if (value instanceof tf.Tensor) return value.rank === 0 ? undefined : (value.shape[0] as number);
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (ArrayBuffer.isView(value)) return (value as unknown as ArrayLike<unknown>).length;
  if (value instanceof InstanceData) return value.length;
  if (value && typeof value === 'object' && typeof (value as { length?: unknown }).length === 'number') {
    return (value as { length: number }).length;
  }
  return undefined;
}

/**
 * Per-instance annotations or predictions (boxes, labels, scores, masks): every data field has the same length, the
 * number of instances, and indexing or concatenation applies to all fields at once.
 *
 * MMEngine's `instances[idx]` is `instances.index(idx)` here; `len(instances)` is `instances.length`.
 *
 * @example
 * const inst = new InstanceData({ metainfo: { img_shape: [4, 4] } });
 * inst.det_labels = tf.tensor1d([0, 1, 2], 'int32');
 * inst.det_scores = tf.tensor1d([0.9, 0.2, 0.7]);
 * inst.index(tf.tensor1d([true, false, true], 'bool')).length; // 2
 */
export class InstanceData extends BaseDataElement {
  /** Every data field must have a length, the same as the fields already set. */
  protected override checkDataField(value: unknown, name: string): unknown {
    const len = lengthOf(value);
    if (len === undefined) {
      throw new StructuresError(
        'NOT_SIZED',
        `InstanceData field "${name}" must have a length (tensor, array, string), got ${describe(value)}`,
      );
    }
    const current = this.length;
    if (this.keys().length > 0 && len !== current) {
      throw new StructuresError(
        'LENGTH_MISMATCH',
        `The length of values ${len} is not consistent with the length of this InstanceData ${current} (field "${name}")`,
      );
    }
    return value;
  }

  /** The number of instances (the length of the first data field; 0 when there is none). */
  get length(): number {
    const first = this.keys()[0];
    return first === undefined ? 0 : (lengthOf(this[first]) ?? 0);
  }

  private _toIndices(item: InstanceIndex): number[] {
    const n = this.length;
    const checkInt = (i: number): number => {
      if (!Number.isInteger(i) || i >= n || i < -n)
        throw new StructuresError('INDEX_OUT_OF_RANGE', `Index ${i} out of range!`);
      return i < 0 ? i + n : i;
    };
    if (typeof item === 'number') return [checkInt(item)];
    let values: Array<number | boolean>;
    let isBool: boolean;
    if (item instanceof tf.Tensor) {
      if (item.rank !== 1)
        throw new StructuresError('BAD_INDEX', 'Only support to get the values along the first dimension.');
      if (item.dtype !== 'int32' && item.dtype !== 'bool') {
        throw new TypeError(`InstanceData can be indexed by an int32 or bool tensor, not a ${item.dtype} one`);
      }
      isBool = item.dtype === 'bool';
      values = Array.from(item.dataSync() as ArrayLike<number>);
    } else if (Array.isArray(item)) {
      isBool = item.length > 0 && typeof item[0] === 'boolean';
      values = item;
    } else {
      throw new TypeError(`InstanceData cannot be indexed with ${describe(item)}`);
    }
    if (isBool) {
      if (values.length !== n) {
        throw new StructuresError(
          'BAD_INDEX',
          `The shape of the input(BoolTensor) ${values.length} does not match the shape of the indexed tensor in results_field ${n} at first dimension.`,
        );
      }
      const out: number[] = [];
      values.forEach((b, i) => {
        if (b) out.push(i);
      });
      return out;
    }
    return values.map((v) => checkInt(Number(v)));
  }

  /** The instances at `item`, with the same metainfo (MMEngine `__getitem__`). */
  index(item: InstanceIndex): this {
    const indices = this._toIndices(item);
    const out = new (this.constructor as new (init?: object) => this)({ metainfo: this.metainfo });
    for (const [k, v] of this.items()) out[k] = takeRows(k, v, indices);
    return out;
  }

  /** Instances `start` … `end - 1` (Python's `instances[start:end]`; negative bounds count from the end). */
  slice(start = 0, end = this.length): this {
    const n = this.length;
    const s = Math.max(0, start < 0 ? start + n : Math.min(start, n));
    const e = Math.max(s, end < 0 ? end + n : Math.min(end, n));
    return this.index(Array.from({ length: e - s }, (_, i) => s + i));
  }

  /** Concatenates instance lists with identical keys; the metainfo is the first one's. */
  static cat<T extends InstanceData>(list: T[]): T {
    if (!Array.isArray(list) || list.length === 0)
      throw new StructuresError('EMPTY_CAT', 'InstanceData.cat needs at least one element');
    if (!list.every((x) => x instanceof InstanceData))
      throw new TypeError('InstanceData.cat accepts InstanceData only');
    const first = list[0] as T;
    if (list.length === 1) return first;
    const keys = first.allKeys();
    const same = list.every((x) => {
      const k = x.allKeys();
      return k.length === keys.length && k.every((key) => keys.includes(key));
    });
    if (!same) {
      throw new StructuresError(
        'KEY_MISMATCH',
        'There are different keys in `instancesList`, which may cause the cat operation to fail. Please make sure all elements in `instancesList` have the exact same key.',
      );
    }
    const out: InstanceData = new (first.constructor as new (init?: object) => T)({ metainfo: first.metainfo });
    for (const k of first.keys()) {
      const values = list.map((x) => x[k] as unknown);
      const v0 = values[0];
      if (v0 instanceof tf.Tensor) out[k] = tf.concat(values as tf.Tensor[], 0);
      else if (typeof v0 === 'string') out[k] = (values as string[]).join('');
      else if (Array.isArray(v0)) out[k] = (values as unknown[][]).flat(1);
      else if (v0 instanceof InstanceData)
        out[k] = (v0.constructor as typeof InstanceData).cat(values as InstanceData[]);
      else if (v0 && typeof (v0 as { cat?: unknown }).cat === 'function')
        out[k] = (v0 as { cat(v: unknown[]): unknown }).cat(values);
      else
        throw new StructuresError(
          'NOT_CATTABLE',
          `The type of \`${k}\` is \`${describe(v0)}\` which has no attribute of \`cat\``,
        );
    }
    return out as T;
  }
}

function takeRows(key: string, v: unknown, indices: number[]): unknown {
  if (v instanceof tf.Tensor) return tf.tidy(() => tf.gather(v, tf.tensor1d(indices, 'int32')));
  if (typeof v === 'string') return indices.map((i) => v[i]).join('');
  if (Array.isArray(v)) return indices.map((i) => v[i]);
  if (v instanceof InstanceData) return v.index(indices);
  if (ArrayBuffer.isView(v)) {
    const arr = v as unknown as { constructor: new (n: number) => Record<number, number> } & ArrayLike<number>;
    const out = new arr.constructor(indices.length);
    indices.forEach((i, j) => {
      out[j] = arr[i] as number;
    });
    return out;
  }
  if (v && typeof (v as { index?: unknown }).index === 'function')
    return (v as { index(i: number[]): unknown }).index(indices);
  throw new StructuresError(
    'NOT_INDEXABLE',
    `The type of \`${key}\` is \`${describe(v)}\`, which cannot be indexed by instance`,
  );
}
