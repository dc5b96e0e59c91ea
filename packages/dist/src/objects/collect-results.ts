import { describe } from '@eng/internal';
import { DistError } from '../errors';
import { distState } from '../internal/state';
import { allGatherObjectSync, gatherObject } from './object-collectives';

/**
 * MMEngine's `collect_results(results, size)`: gathers the ranks' parts of an evaluation on rank 0, in the order of
 * the dataset, and returns the first `size` there (`undefined` on the other ranks).
 *
 * The order is MMEngine's: a distributed sampler deals sample `i` to rank `i % worldSize`, so the parts are
 * interleaved (rank 0's first, rank 1's first, ..., rank 0's second, ...) and then cut to `size`, which drops the
 * samples the sampler repeated to give every rank as many. (MMEngine's interleaving also drops `None` results;
 * here only the holes of shorter parts are skipped, and a `null` result is kept.) Results cross as JSON.
 *
 * @example
 * ```ts
 * console.log(await collectResults(['a', 'b', 'c'], 2)); // → [ 'a', 'b' ]
 * ```
 */
export async function collectResults<T>(results: readonly T[], size: number): Promise<T[] | undefined> {
  checkArgs('collectResults', results, size);
  if (distState().worldSize === 1) return results.slice(0, size);
  const parts = await gatherObject([...results], 0);
  return parts === undefined ? undefined : interleave(parts, size);
}

/**
 * {@link collectResults} that blocks until every rank's part has arrived (for a metric's synchronous `evaluate`).
 * Every rank receives the parts (an allgather); only rank 0 returns them, as in {@link collectResults}.
 *
 * @example
 * ```ts
 * console.log(collectResultsSync(['a', 'b', 'c'], 2)); // → [ 'a', 'b' ]
 * ```
 */
export function collectResultsSync<T>(results: readonly T[], size: number): T[] | undefined {
  checkArgs('collectResultsSync', results, size);
  const { worldSize, rank } = distState();
  if (worldSize === 1) return results.slice(0, size);
  const parts = allGatherObjectSync([...results]);
  return rank === 0 ? interleave(parts, size) : undefined;
}

function checkArgs(fn: string, results: unknown, size: unknown): void {
  if (!Array.isArray(results)) {
    throw new DistError('INVALID_ARGUMENT', `${fn}: results must be an array, got ${describe(results)}`);
  }
  if (!Number.isInteger(size) || (size as number) < 0) {
    throw new DistError('INVALID_ARGUMENT', `${fn}: size must be a whole number >= 0, got ${describe(size)}`);
  }
}

/** Rank 0's first, rank 1's first, ..., rank 0's second, ..., cut to `size`. */
function interleave<T>(parts: readonly T[][], size: number): T[] {
  const ordered: T[] = [];
  const longest = Math.max(0, ...parts.map((part) => part.length));
  for (let i = 0; i < longest && ordered.length < size; i++) {
    for (const part of parts) if (i < part.length) ordered.push(part[i] as T);
  }
  return ordered.slice(0, size);
}
