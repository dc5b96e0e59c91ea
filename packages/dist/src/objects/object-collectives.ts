import { DistError } from '../errors';
import { checkRank } from '../collectives/broadcast';
import { distState, enqueue, runNow } from '../internal/state';
import { broadcastBytes, driveAsync, driveSync, gatherBytes } from '../internal/steps';
import { decodeObject, encodeObject } from './codec';

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
  const bytes = encodeObject('allGatherObject', data);
  const parts = await enqueue(() => driveAsync(native, gatherBytes(bytes, worldSize)));
  return parts.map((part) => decodeObject(part) as T);
}

/**
 * {@link allGatherObject} that blocks until every rank has answered, for code that cannot wait for a Promise (a
 * constructor, a metric's `evaluate`). It throws while an asynchronous collective of this rank is in flight.
 *
 * @example
 * ```ts
 * console.log(allGatherObjectSync({ rank: getRank() })); // → [ { rank: 0 } ]
 * ```
 */
export function allGatherObjectSync<T>(data: T): T[] {
  const { worldSize, native } = distState();
  if (worldSize === 1 || native === undefined) return [data];
  const bytes = encodeObject('allGatherObjectSync', data);
  const parts = runNow('allGatherObjectSync', () => driveSync(native, gatherBytes(bytes, worldSize)));
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
  const bytes = encodeObject('gatherObject', data);
  const parts = await enqueue(() => driveAsync(native, gatherBytes(bytes, worldSize)));
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
  const received = await enqueue(() => driveAsync(native, broadcastBytes(bytes, src, rank)));
  if (rank !== src) data.splice(0, data.length, ...(decodeObject(received) as unknown[]));
  return data;
}

/**
 * Rank `src`'s `data` on every rank, blocking until it has arrived (the synchronous counterpart of
 * {@link broadcastObjectList} for one object; what `src` passes is returned to it as it is, the others get a JSON
 * copy). It throws while an asynchronous collective of this rank is in flight.
 *
 * @example
 * ```ts
 * const seed = broadcastObjectSync(getRank() === 0 ? 1234 : undefined);
 * console.log(seed); // → 1234
 * ```
 */
export function broadcastObjectSync<T>(data: T, src = 0): T {
  const { worldSize, native, rank } = distState();
  checkRank('broadcastObjectSync', 'src', src, worldSize);
  if (worldSize === 1 || native === undefined) return data;
  const bytes = rank === src ? encodeObject('broadcastObjectSync', [data]) : new Uint8Array(0);
  const received = runNow('broadcastObjectSync', () => driveSync(native, broadcastBytes(bytes, src, rank)));
  return rank === src ? data : ((decodeObject(received) as unknown[])[0] as T);
}
