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

/** Throws unless `src` is a rank of the job. */
export function checkRank(fn: string, name: string, rank: unknown, worldSize: number): asserts rank is number {
  if (Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) < worldSize) return;
  throw new DistError(
    'INVALID_ARGUMENT',
    `${fn}: ${name} must be a rank from 0 to ${worldSize - 1}, got ${describe(rank)}`,
  );
}

/**
 * MMEngine's `broadcast(data, src)`: every rank ends with rank `src`'s values.
 *
 * A typed array is overwritten **in place** (`MPI_Bcast`) and the promise resolves to it; a tensor is answered by a
 * **new tensor** of its shape and dtype holding `src`'s values (the input is left as it was). Every rank must pass
 * data of the same length and type.
 *
 * @example
 * ```ts
 * const weights = Float32Array.of(0.5, -1);
 * await broadcast(weights, 0); // every rank now has rank 0's weights
 * console.log(weights); // → Float32Array(2) [ 0.5, -1 ]
 * ```
 */
export async function broadcast<T extends DistData>(data: T, src = 0): Promise<T> {
  checkData('broadcast', data);
  const state = distState();
  checkRank('broadcast', 'src', src, state.worldSize);
  if (state.worldSize === 1 || state.native === undefined) {
    return (isTensor(data) ? tf.clone(data) : data) as T;
  }
  const native = state.native;
  if (isTensor(data)) {
    const values = readTensor('broadcast', data);
    return enqueue(async () => {
      const buffer = await values;
      await native.bcast(buffer, src);
      return toTensor(buffer, data as Tensor) as T;
    });
  }
  return enqueue(async () => {
    await native.bcast(data, src);
    return data;
  });
}

/**
 * {@link broadcast} of a typed array, in place, blocking until rank `src`'s values have arrived (for a constructor
 * or a training step). It throws while an asynchronous collective of this rank is in flight. Returns `data`.
 *
 * @example
 * ```ts
 * const weights = Float32Array.of(0.5, -1);
 * broadcastSync(weights, 0);
 * console.log(weights); // → Float32Array(2) [ 0.5, -1 ]
 * ```
 */
export function broadcastSync<T extends DistArray>(data: T, src = 0): T {
  if (!isDistArray(data)) {
    throw new DistError('INVALID_ARGUMENT', `broadcastSync: expected a typed array, got ${describe(data)}`);
  }
  const { worldSize, native } = distState();
  checkRank('broadcastSync', 'src', src, worldSize);
  if (worldSize === 1 || native === undefined) return data;
  runNow('broadcastSync', () => native.bcastSync(data, src));
  return data;
}
