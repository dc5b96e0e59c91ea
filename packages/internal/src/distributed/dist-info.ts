/** Where `@eng/dist` installs its rank and world size for the packages below it to read (they do not depend on it). */
export const DIST_INFO_KEY = Symbol.for('@eng/dist.info');

export interface DistInfo {
  rank: number;
  worldSize: number;
}

/**
 * MMEngine's `get_dist_info()`: the rank and world size that `@eng/dist` reports through
 * `globalThis[Symbol.for('@eng/dist.info')]` (a function returning `{ rank, worldSize }`), or rank 0 of 1 when no
 * distributed run is set up.
 */
export function getDistInfo(): DistInfo {
  const provider = (globalThis as { [DIST_INFO_KEY]?: unknown })[DIST_INFO_KEY];
  if (typeof provider !== 'function') return { rank: 0, worldSize: 1 };
  const { rank, worldSize } = (provider as () => DistInfo)();
  return { rank, worldSize };
}
