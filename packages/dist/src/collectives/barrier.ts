import { distState, enqueue, runNow } from '../internal/state';

/**
 * MMEngine's `barrier()`: resolves once every rank has reached it (after the collectives issued before it). With
 * one process it resolves at once.
 *
 * @example
 * ```ts
 * await barrier(); // every rank is here
 * ```
 */
export async function barrier(): Promise<void> {
  const { native, worldSize } = distState();
  if (worldSize === 1 || native === undefined) return;
  return enqueue(() => native.barrier());
}

/**
 * {@link barrier} that blocks this thread until every rank has reached it. It throws while an asynchronous
 * collective of this rank is in flight.
 *
 * @example
 * ```ts
 * barrierSync();
 * ```
 */
export function barrierSync(): void {
  const { native, worldSize } = distState();
  if (worldSize === 1 || native === undefined) return;
  runNow('barrierSync', () => native.barrierSync());
}
