import { type Tensor, tf } from '@eng/tensor-gpu';
import { DistError } from '../errors';
import { checkData, type DistArray, type DistData, isTensor, readTensor, toTensor } from '../internal/data';
import { distState, enqueue } from '../internal/state';

type ArrayConstructor = new (length: number) => DistArray;

/**
 * MMEngine's `all_gather(data)`: every rank gets the list of all ranks' data, by rank.
 *
 * Typed arrays come back as views of one new buffer (entry `i` is rank `i`'s values); tensors as new tensors of the
 * input's shape and dtype. Every rank must pass the same number of elements of the same type: a difference is found
 * before the data moves and throws a `SIZE_MISMATCH` DistError on every rank.
 *
 * With one process the list holds the data itself (a typed array) or a new tensor equal to it.
 *
 * @example
 * ```ts
 * const parts = await allGather(Int32Array.of(getRank()));
 * console.log(parts.length === getWorldSize()); // → true
 * ```
 */
export async function allGather<T extends DistData>(data: T): Promise<T[]> {
  checkData('allGather', data);
  const state = distState();
  if (state.worldSize === 1 || state.native === undefined) {
    return [(isTensor(data) ? tf.clone(data) : data) as T];
  }
  const { native, worldSize, rank } = state;
  const values = isTensor(data) ? readTensor('allGather', data) : Promise.resolve(data as DistArray);
  return enqueue(async () => {
    const send = await values;
    const lengths = new Int32Array(worldSize);
    await native.allgather(Int32Array.of(send.length), lengths);
    if (lengths.some((n) => n !== send.length)) {
      throw new DistError(
        'SIZE_MISMATCH',
        `allGather: every rank must pass the same number of elements; rank ${rank} has ${send.length}, the ranks have [${lengths.join(', ')}]`,
      );
    }
    const recv = new (send.constructor as ArrayConstructor)(send.length * worldSize);
    await native.allgather(send, recv);
    const parts = Array.from({ length: worldSize }, (_, i) => recv.subarray(i * send.length, (i + 1) * send.length));
    return (isTensor(data) ? parts.map((part) => toTensor(part, data as Tensor)) : parts) as T[];
  });
}
