import { describe } from '@eng/internal';
import { type Tensor, tf } from '@eng/tensor-gpu';
import { DistError } from '../errors';
import type { NativeArray } from './native';

/** The typed arrays the collectives take: moved in place, element type kept. */
export type DistArray = NativeArray;

/** What a collective takes: a tensor (read, and answered by a new tensor) or a typed array (used in place). */
export type DistData = Tensor | DistArray;

const ARRAY_TYPES = [
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
] as const;

export function isTensor(value: unknown): value is Tensor {
  return value instanceof tf.Tensor;
}

export function isDistArray(value: unknown): value is DistArray {
  return ARRAY_TYPES.some((type) => value instanceof type);
}

/** Throws unless `data` is a tensor or one of the typed arrays. */
export function checkData(fn: string, data: unknown): asserts data is DistData {
  if (isTensor(data) || isDistArray(data)) return;
  throw new DistError(
    'INVALID_ARGUMENT',
    `${fn}: expected a tf.Tensor or a typed array (Float32Array, Float64Array, Int32Array, ...), got ${describe(data)}`,
  );
}

/** A copy of the tensor's values in a typed array of its dtype (the backend's own storage is never handed to MPI). */
export async function readTensor(fn: string, tensor: Tensor): Promise<DistArray> {
  const values = await tensor.data();
  switch (tensor.dtype) {
    case 'float32':
      return new Float32Array(values as Float32Array);
    case 'int32':
      return new Int32Array(values as Int32Array);
    case 'bool':
      return new Uint8Array(values as Uint8Array);
    default:
      throw new DistError('INVALID_ARGUMENT', `${fn}: tensors of dtype ${tensor.dtype} cannot be communicated`);
  }
}

/** A new tensor of `like`'s shape and dtype holding `values`. */
export function toTensor(values: DistArray, like: Tensor, shape: readonly number[] = like.shape): Tensor {
  return tf.tensor(values as Float32Array, [...shape], like.dtype);
}
