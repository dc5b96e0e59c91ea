/**
 * What a sampler saves so a resumed run continues with exactly the remaining samples: the epoch, the seed, and the
 * number of indices of this epoch already consumed.
 */
export interface SamplerState {
  epoch: number;
  seed: number;
  position: number;
  /** The number of ranks that shared the epoch when it was saved (a resume with another count converts `position`). */
  world_size?: number;
}

/**
 * What the loader needs of a sampler: an iterable of dataset indices with a length; `setEpoch` reshuffles for a new
 * epoch; `stateDict` / `loadStateDict` save and restore the position (after `loadStateDict`, the next iteration
 * starts at `position` and later ones start at 0).
 */
export interface SamplerLike extends Iterable<number> {
  readonly length: number;
  setEpoch?(epoch: number): void;
  stateDict?(): SamplerState;
  loadStateDict?(state: SamplerState): void;
}
