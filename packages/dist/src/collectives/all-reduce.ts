import { describe } from '@eng/internal';
import { type Tensor, tf } from '@eng/tensor-gpu';
import { DistError } from '../errors';
import {
  checkData,
  type DistArray,
  type DistData,
  isDistArray,
  isTensor,
  readTensor,
  toTensor,
} from '../internal/data';
import { distState, enqueue, runNow } from '../internal/state';

/** How {@link allReduce} combines the ranks' values, element by element. */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'min';

// The addon's op codes; 'mean' sums and divides by the world size in C.
const NATIVE_OPS = { sum: 0, max: 1, min: 2, mean: 4 } as const;

function checkOp(op: unknown): asserts op is ReduceOp {
  if (typeof op === 'string' && op.toLowerCase() in NATIVE_OPS) return;
  throw new DistError(
    'INVALID_ARGUMENT',
    `allReduce: op must be one of 'sum', 'mean', 'max', 'min', got ${describe(op)}`,
  );
}

/**
 * MMEngine's `all_reduce(data, op)`: combines `data` across all ranks, so that every rank ends with the same result.
 *
 * - A typed array is reduced **in place** (`MPI_Allreduce` with `MPI_IN_PLACE`), and the promise resolves to it.
 * - A tensor cannot change in place: its values are read, reduced, and the promise resolves to a **new tensor** of
 *   the same shape and dtype (`float32`, `int32`). The input is left as it was and not disposed; dispose it yourself.
 * - `'mean'` is the sum divided by the world size; on integer data it is truncated toward zero (and the sum is taken
 *   in the array's own type, so it can overflow a narrow one such as `Int8Array`).
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
      return toTensor(buffer, data as Tensor) as T;
    });
  }
  return enqueue(async () => {
    await native.allreduce(data, NATIVE_OPS[which]);
    return data;
  });
}

/**
 * {@link allReduce} of a typed array, in place, that blocks until every rank has contributed: for code that cannot
 * wait for a Promise (a training step inside `tf.tidy`, a constructor). It throws while an asynchronous collective
 * of this rank is in flight. Returns `data`.
 *
 * @example
 * ```ts
 * const grads = Float32Array.of(0.5, 1);
 * allReduceSync(grads, 'mean'); // every rank now holds the mean of the ranks' values
 * console.log(grads); // → Float32Array(2) [ 0.5, 1 ]
 * ```
 */
export function allReduceSync<T extends DistArray>(data: T, op: ReduceOp = 'sum'): T {
  if (!isDistArray(data)) {
    throw new DistError('INVALID_ARGUMENT', `allReduceSync: expected a typed array, got ${describe(data)}`);
  }
  checkOp(op);
  const { worldSize, native } = distState();
  if (worldSize === 1 || native === undefined) return data;
  runNow('allReduceSync', () => native.allreduceSync(data, NATIVE_OPS[op.toLowerCase() as ReduceOp]));
  return data;
}
