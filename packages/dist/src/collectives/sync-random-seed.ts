import { broadcast } from './broadcast';

/**
 * MMEngine's `sync_random_seed()`: a random seed that every rank agrees on (rank 0's, broadcast), so that the ranks
 * shuffle in the same order and then take disjoint parts.
 *
 * @example
 * ```ts
 * const seed = await syncRandomSeed();
 * console.log(Number.isInteger(seed)); // → true
 * ```
 */
export async function syncRandomSeed(): Promise<number> {
  const seed = Int32Array.of(Math.floor(Math.random() * 2 ** 31));
  await broadcast(seed, 0);
  return seed[0] as number;
}
