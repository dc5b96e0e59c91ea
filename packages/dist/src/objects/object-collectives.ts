import { DistError } from '../errors';
import { checkRank } from '../collectives/broadcast';
import { distState, enqueue } from '../internal/state';
import { decodeObject, encodeObject } from './codec';

/**
 * Every rank's bytes, by rank: the lengths first (`MPI_Allgather`), then the bytes themselves (`MPI_Allgatherv`).
 * `keep(i)` says which ranks' parts to return (the others are not copied out).
 */
function allGatherBytes(fn: string, bytes: Uint8Array): Promise<Uint8Array[]> {
  const { native, worldSize } = distState();
  if (native === undefined) throw new DistError('MPI_ERROR', `${fn}: MPI is not initialized`);
  return enqueue(async () => {
    const counts = new Int32Array(worldSize);
    await native.allgather(Int32Array.of(bytes.length), counts);
    const total = counts.reduce((a, b) => a + b, 0);
    const recv = new Uint8Array(total);
    await native.allgatherv(bytes, recv, counts);
    const parts: Uint8Array[] = [];
    for (let i = 0, offset = 0; i < worldSize; offset += counts[i] as number, i++) {
      parts.push(recv.subarray(offset, offset + (counts[i] as number)));
    }
    return parts;
  });
}

/**
 * MMEngine's `all_gather_object(data)`: every rank gets the list of all ranks' objects, by rank. Objects cross as
 * JSON (typed arrays, `NaN` and `±Infinity` are kept; class instances arrive as plain objects).
 *
 * With one process the list holds `data` itself.
 *
 * @example
 * ```ts
 * console.log(await allGatherObject({ rank: getRank() })); // → [ { rank: 0 } ]
 * ```
 */
export async function allGatherObject<T>(data: T): Promise<T[]> {
  const { worldSize, native } = distState();
  if (worldSize === 1 || native === undefined) return [data];
  const parts = await allGatherBytes('allGatherObject', encodeObject('allGatherObject', data));
  return parts.map((part) => decodeObject(part) as T);
}

/**
 * MMEngine's `gather_object(data, dst)`: rank `dst` gets the list of all ranks' objects, by rank; the other ranks
 * get `undefined` (MMEngine's `None`). Objects cross as JSON, as in {@link allGatherObject}.
 *
 * @example
 * ```ts
 * console.log(await gatherObject('foo')); // → [ 'foo' ]
 * ```
 */
export async function gatherObject<T>(data: T, dst = 0): Promise<T[] | undefined> {
  const { worldSize, native, rank } = distState();
  checkRank('gatherObject', 'dst', dst, worldSize);
  if (worldSize === 1 || native === undefined) return [data];
  // Open MPI's Allgatherv moves the same bytes over shared memory as a Gatherv would; only `dst` decodes them.
  const parts = await allGatherBytes('gatherObject', encodeObject('gatherObject', data));
  return rank === dst ? parts.map((part) => decodeObject(part) as T) : undefined;
}

/**
 * MMEngine's `broadcast_object_list(data, src)`: replaces the contents of the list `data` on every rank with rank
 * `src`'s list (in place; the promise resolves to the same array). Objects cross as JSON.
 *
 * @example
 * ```ts
 * const list = getRank() === 0 ? ['foo', 12, { 1: 2 }] : [undefined, undefined, undefined];
 * await broadcastObjectList(list);
 * console.log(list); // → [ 'foo', 12, { '1': 2 } ]
 * ```
 */
export async function broadcastObjectList<T extends unknown[]>(data: T, src = 0): Promise<T> {
  if (!Array.isArray(data)) {
    throw new DistError('INVALID_ARGUMENT', 'broadcastObjectList: data must be an array (its contents are replaced)');
  }
  const { worldSize, native, rank } = distState();
  checkRank('broadcastObjectList', 'src', src, worldSize);
  if (worldSize === 1 || native === undefined) return data;
  const bytes = rank === src ? encodeObject('broadcastObjectList', data) : new Uint8Array(0);
  const received = await enqueue(async () => {
    const length = Int32Array.of(bytes.length);
    await native.bcast(length, src);
    const buffer = rank === src ? bytes : new Uint8Array(length[0] as number);
    await native.bcast(buffer, src);
    return buffer;
  });
  if (rank !== src) data.splice(0, data.length, ...(decodeObject(received) as unknown[]));
  return data;
}
