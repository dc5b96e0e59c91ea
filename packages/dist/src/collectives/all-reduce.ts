import { describe } from '@eng/internal';
import { type Tensor, tf } from '@eng/tensor-gpu';
import { DistError } from '../errors';
import {
  checkData,
  type DistArray,
  type DistData,
  isIntegerArray,
  isTensor,
  readTensor,
  toTensor,
} from '../internal/data';
import { distState, enqueue } from '../internal/state';

/** How {@link allReduce} combines the ranks' values, element by element. */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'min';

const NATIVE_OPS = { sum: 0, max: 1, min: 2, mean: 0 } as const;

function checkOp(op: unknown): asserts op is ReduceOp {
  if (typeof op === 'string' && op.toLowerCase() in NATIVE_OPS) return;
  throw new DistError(
    'INVALID_ARGUMENT',
    `allReduce: op must be one of 'sum', 'mean', 'max', 'min', got ${describe(op)}`,
  );
}

/** Divides every element by `n`; integers are truncated toward zero (they stay integers, as in place they must). */
function divide(values: DistArray, n: number): void {
  if (isIntegerArray(values)) for (let i = 0; i < values.length; i++) values[i] = Math.trunc((values[i] as number) / n);
  else for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / n;
}

/**
 * MMEngine's `all_reduce(data, op)`: combines `data` across all ranks, so that every rank ends with the same result.
 *
 * - A typed array is reduced **in place** (`MPI_Allreduce` with `MPI_IN_PLACE`), and the promise resolves to it.
 * - A tensor cannot change in place: its values are read, reduced, and the promise resolves to a **new tensor** of
 *   the same shape and dtype (`float32`, `int32`). The input is left as it was and not disposed; dispose it yourself.
 * - `'mean'` is the sum divided by the world size; on integer data it is truncated toward zero.
 * - Every rank must pass data of the same length and type. Do not touch a typed array until its promise resolves.
 *
 * With one process (launcher `'none'`) the data is unchanged: the same typed array, or a new tensor equal to the input.
 *
 * @example
 * ```ts
 * const data = Float32Array.of(1, 2);
 * console.log(await allReduce(data, 'sum')); // → Float32Array(2) [ 1, 2 ]
 * ```
 */
export async function allReduce<T extends DistData>(data: T, op: ReduceOp = 'sum'): Promise<T> {
  checkData('allReduce', data);
  checkOp(op);
  const which = op.toLowerCase() as ReduceOp;
  const state = distState();
  if (state.worldSize === 1 || state.native === undefined) {
    return (isTensor(data) ? tf.clone(data) : data) as T;
  }
  const native = state.native;
  const worldSize = state.worldSize;
  if (isTensor(data)) {
    if (data.dtype !== 'float32' && data.dtype !== 'int32') {
      throw new DistError(
        'INVALID_ARGUMENT',
        `allReduce: tensors of dtype ${data.dtype} cannot be reduced (float32 or int32)`,
      );
    }
    // The read starts now, so that it overlaps with the collectives queued before this one.
    const values = readTensor('allReduce', data);
    return enqueue(async () => {
      const buffer = await values;
      await native.allreduce(buffer, NATIVE_OPS[which]);
      if (which === 'mean') divide(buffer, worldSize);
      return toTensor(buffer, data as Tensor) as T;
    });
  }
  return enqueue(async () => {
    await native.allreduce(data, NATIVE_OPS[which]);
    if (which === 'mean') divide(data, worldSize);
    return data;
  });
}
