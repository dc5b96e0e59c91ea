import { describe } from '@eng/internal';
import { BaseDataElement } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { DatasetError } from '../errors';
import { isImageArray } from '../transforms/image/image-array';

type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isTypedArray(value: unknown): value is TypedArray {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

const at = (path: string) => (path ? ` at "${path}"` : '');

function transpose(
  batch: readonly unknown[],
  path: string,
  fn: (items: unknown[], path: string) => unknown,
): unknown[] {
  const size = (batch[0] as unknown[]).length;
  batch.forEach((item, i) => {
    if (!Array.isArray(item) || item.length !== size) {
      throw new DatasetError(
        'BAD_BATCH',
        `each sample's list${at(path)} should have the same length: sample 0 has ${size}, sample ${i} has ${Array.isArray(item) ? item.length : describe(item)}`,
      );
    }
  });
  return Array.from({ length: size }, (_, j) =>
    fn(
      batch.map((item) => (item as unknown[])[j]),
      `${path}[${j}]`,
    ),
  );
}

function byKey(
  batch: readonly unknown[],
  path: string,
  fn: (items: unknown[], path: string) => unknown,
): Record<string, unknown> {
  const first = batch[0] as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const items = batch.map((item, i) => {
      if (!isPlainObject(item) || !(key in item)) {
        throw new DatasetError(
          'BAD_BATCH',
          `sample ${i} has no key "${path ? `${path}.` : ''}${key}", which sample 0 has`,
        );
      }
      return item[key];
    });
    out[key] = fn(items, path ? `${path}.${key}` : key);
  }
  return out;
}

function checkBatch(batch: unknown, name: string): asserts batch is unknown[] {
  if (!Array.isArray(batch) || batch.length === 0) {
    throw new DatasetError('BAD_BATCH', `${name} expects a non-empty list of samples, got ${describe(batch)}`);
  }
}

/**
 * MMEngine's `pseudo_collate`: a list of samples becomes one sample of the same structure whose leaves are lists
 * (objects by key, arrays by position); nothing is stacked, and an image (`{ data, height, width, channels }`) stays
 * one value. This is the loader's default.
 *
 * @example
 * pseudoCollate([{ inputs: 1, label: 'a' }, { inputs: 2, label: 'b' }]); // { inputs: [1, 2], label: ['a', 'b'] }
 */
export function pseudoCollate(batch: readonly unknown[]): unknown {
  checkBatch(batch, 'pseudo_collate');
  return pseudo(batch, '');
}

function pseudo(batch: readonly unknown[], path: string): unknown {
  const first = batch[0];
  // An image is one value (as an ndarray is to MMEngine), not an object to collate by key.
  if (isImageArray(first)) return [...batch];
  if (Array.isArray(first)) return transpose(batch, path, pseudo);
  if (isPlainObject(first)) return byKey(batch, path, pseudo);
  return [...batch];
}

function dtypeOf(array: TypedArray): 'float32' | 'int32' {
  return array instanceof Float32Array || array instanceof Float64Array ? 'float32' : 'int32';
}

function stackArrays(arrays: readonly TypedArray[], shape: number[], path: string): tf.Tensor {
  const per = arrays[0]?.length ?? 0;
  const dtype = dtypeOf(arrays[0] as TypedArray);
  arrays.forEach((a, i) => {
    if (a.length !== per) {
      throw new DatasetError(
        'BAD_BATCH',
        `default_collate cannot stack${at(path)}: sample 0 has ${per} values, sample ${i} has ${a.length}`,
      );
    }
    if (dtypeOf(a) !== dtype) {
      throw new DatasetError(
        'BAD_BATCH',
        `default_collate cannot stack${at(path)}: sample 0 is ${arrays[0]?.constructor.name}, sample ${i} is ${a.constructor.name}`,
      );
    }
  });
  const flat = dtype === 'float32' ? new Float32Array(per * arrays.length) : new Int32Array(per * arrays.length);
  arrays.forEach((a, i) => {
    flat.set(a, i * per);
  });
  return tf.tensor(flat, [arrays.length, ...shape], dtype);
}

/**
 * MMEngine's `default_collate`: like `pseudo_collate`, but numbers, typed arrays, channels-last images
 * (`{ data, height, width, channels }` → one `[N, H, W, C]` tensor) and tensors of one shape are stacked into a
 * tensor with the batch first. Data elements and strings stay lists. Integers become `int32` tensors and floats
 * `float32` (TensorFlow.js has no int64, float64 or uint8).
 *
 * @example
 * const { label } = defaultCollate([{ label: 1 }, { label: 2 }]) as { label: tf.Tensor };
 * label.shape; // [2]
 */
export function defaultCollate(batch: readonly unknown[]): unknown {
  checkBatch(batch, 'default_collate');
  return stacked(batch, '');
}

function stacked(batch: readonly unknown[], path: string): unknown {
  const first = batch[0];
  if (first instanceof BaseDataElement || typeof first === 'string') return [...batch];
  if (first instanceof tf.Tensor) {
    const shape = first.shape.join(',');
    batch.forEach((t, i) => {
      if (!(t instanceof tf.Tensor) || t.shape.join(',') !== shape) {
        throw new DatasetError(
          'BAD_BATCH',
          `default_collate cannot stack${at(path)}: sample 0 is a tensor of shape [${shape}], sample ${i} is ${t instanceof tf.Tensor ? `of shape [${t.shape}]` : describe(t)}`,
        );
      }
    });
    return tf.stack(batch as tf.Tensor[]);
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    batch.forEach((v, i) => {
      if (typeof v !== typeof first) {
        throw new DatasetError(
          'BAD_BATCH',
          `default_collate cannot stack${at(path)}: sample 0 is a ${typeof first}, sample ${i} is ${describe(v)}`,
        );
      }
    });
    if (typeof first === 'boolean') return tf.tensor1d(batch as boolean[], 'bool');
    const ints = (batch as number[]).every(Number.isInteger);
    return tf.tensor1d(batch as number[], ints ? 'int32' : 'float32');
  }
  if (isTypedArray(first)) {
    batch.forEach((v, i) => {
      if (!isTypedArray(v))
        throw new DatasetError(
          'BAD_BATCH',
          `default_collate cannot stack${at(path)}: sample ${i} is ${describe(v)}, not a typed array`,
        );
    });
    return stackArrays(batch as TypedArray[], [first.length], path);
  }
  if (isImageArray(first)) {
    const shape = [first.height, first.width, first.channels];
    batch.forEach((v, i) => {
      if (!isImageArray(v) || v.height !== shape[0] || v.width !== shape[1] || v.channels !== shape[2]) {
        const got = isImageArray(v) ? `[${v.height}, ${v.width}, ${v.channels}]` : describe(v);
        throw new DatasetError(
          'BAD_BATCH',
          `default_collate cannot stack the images${at(path)}: sample 0 is [${shape.join(', ')}], sample ${i} is ${got}; resize or pad them to one size, or use pseudo_collate`,
        );
      }
    });
    return stackArrays(
      batch.map((v) => (v as { data: TypedArray }).data),
      shape,
      path,
    );
  }
  if (Array.isArray(first)) return transpose(batch, path, stacked);
  if (isPlainObject(first)) return byKey(batch, path, stacked);
  return [...batch];
}
