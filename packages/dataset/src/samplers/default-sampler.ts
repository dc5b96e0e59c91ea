import { describe, RandomStream } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { DatasetError } from '../errors';
import { getDistInfo } from './dist-info';
import type { SamplerLike, SamplerState } from './sampler-like';
import { defaultSamplerSeed } from './sampler-seed';

export interface DefaultSamplerOptions {
  /** The dataset (the loader passes its own when the sampler is given as a config). */
  dataset: { readonly length: number };
  /** Visit the dataset in a new random order each epoch (default true). */
  shuffle?: boolean;
  /** The shuffle's seed; the same on every rank. Default: the run's seed. */
  seed?: number | null;
  /** Repeat samples so every rank gets the same count (default true: PyTorch's `drop_last=False`). */
  round_up?: boolean;
}

const shape = {
  // `'length' in v`, not reading it: a dataset still loading throws from its length.
  dataset: z.custom<{ readonly length: number }>((v) => typeof v === 'object' && v !== null && 'length' in v, {
    message: 'expected a dataset (an object with a length)',
  }),
  shuffle: z.boolean().optional(),
  seed: z.number().int().nullable().optional(),
  round_up: z.boolean().optional(),
} satisfies ShapeOf<DefaultSamplerOptions>;

/** Checks a saved sampler state before a resume uses it. */
export function checkSamplerState(state: unknown, owner: string): SamplerState {
  const s = state as Partial<SamplerState> | null;
  const ok = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (s === null || typeof s !== 'object' || !ok(s.epoch) || !ok(s.position) || typeof s.seed !== 'number') {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${owner}.loadStateDict expects { epoch, seed, position } (integers), got ${describe(state)}`,
    );
  }
  const out: SamplerState = { epoch: s.epoch as number, seed: s.seed, position: s.position as number };
  if (s.world_size !== undefined) {
    if (!Number.isInteger(s.world_size) || (s.world_size as number) < 1) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `${owner}.loadStateDict: world_size must be a whole number >= 1, got ${describe(s.world_size)}`,
      );
    }
    out.world_size = s.world_size;
  }
  return out;
}

/**
 * This rank's position in a state saved by `savedWorldSize` ranks, for `worldSize` ranks now. The ranks deal the
 * epoch's order round robin, so `position` indices on each of `savedWorldSize` ranks are its first
 * `position * savedWorldSize`; the same samples are the first `that / worldSize` on each rank now, when it divides.
 */
export function positionForWorldSize(state: SamplerState, worldSize: number, owner: string): number {
  const saved = state.world_size ?? worldSize;
  if (saved === worldSize) return state.position;
  const consumed = state.position * saved;
  if (consumed % worldSize !== 0) {
    throw new DatasetError(
      'BAD_OPTIONS',
      `${owner}.loadStateDict: the state was saved by ${saved} ranks after ${consumed} samples of epoch ${state.epoch}, which ${worldSize} ranks cannot split evenly; resume from a checkpoint taken at the end of an epoch, or with ${saved} ranks`,
    );
  }
  return consumed / worldSize;
}

/**
 * MMEngine's `DefaultSampler`: the dataset's indices, shuffled by `seed + epoch` when `shuffle`, split across ranks
 * (`indices[rank::world_size]`), with `round_up` repeating indices so that every rank gets `ceil(n / world_size)`.
 * The shuffle is eng's own permutation (PyTorch's `randperm` cannot be reproduced outside PyTorch): the same seed
 * and epoch give the same order in every run and on every rank.
 *
 * The state (`stateDict()`: epoch, seed, position) lets a resumed run continue with exactly the rest of the epoch.
 *
 * @example
 * const sampler = new DefaultSampler({ dataset: { length: 5 }, shuffle: false });
 * [...sampler]; // [0, 1, 2, 3, 4]
 */
export class DefaultSampler implements SamplerLike {
  static readonly optionsSchema = optionsSchema<DefaultSamplerOptions>(shape);

  readonly dataset: { readonly length: number };
  readonly shuffle: boolean;
  seed: number;
  readonly roundUp: boolean;
  readonly rank: number;
  readonly worldSize: number;
  epoch = 0;
  private _resumeAt = 0;
  private _position = 0;

  constructor(options: DefaultSamplerOptions) {
    const { dataset, shuffle = true, seed = null, round_up = true } = options;
    this.dataset = dataset;
    this.shuffle = shuffle;
    this.seed = seed ?? defaultSamplerSeed();
    this.roundUp = round_up;
    const { rank, worldSize } = getDistInfo();
    this.rank = rank;
    this.worldSize = worldSize;
  }

  /** Samples of this rank per epoch (MMEngine's `num_samples`). */
  get length(): number {
    const n = this.dataset.length;
    return this.roundUp ? Math.ceil(n / this.worldSize) : Math.max(0, Math.ceil((n - this.rank) / this.worldSize));
  }

  /** This rank's indices for the current epoch, in order. */
  indices(): number[] {
    const n = this.dataset.length;
    let all = this.shuffle
      ? new RandomStream([this.seed, this.epoch]).permutation(n)
      : Array.from({ length: n }, (_, i) => i);
    const total = this.roundUp ? this.length * this.worldSize : n;
    if (this.roundUp && n > 0 && total > n) {
      const repeated: number[] = [];
      while (repeated.length < total) repeated.push(...all);
      all = repeated.slice(0, total);
    }
    const mine: number[] = [];
    for (let i = this.rank; i < total; i += this.worldSize) mine.push(all[i] as number);
    return mine;
  }

  *[Symbol.iterator](): Iterator<number> {
    const indices = this.indices();
    const start = this._resumeAt;
    this._resumeAt = 0;
    for (let i = start; i < indices.length; i++) {
      this._position = i + 1;
      yield indices[i] as number;
    }
  }

  /** A new epoch: a new order when shuffling (call it before each epoch, as the runner does). */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
    this._position = 0;
  }

  /** The epoch, the seed and how many indices of this epoch were yielded. */
  stateDict(): SamplerState {
    return { epoch: this.epoch, seed: this.seed, position: this._position, world_size: this.worldSize };
  }

  /** Continues a saved run: the next iteration yields what was left of that epoch. */
  loadStateDict(state: SamplerState): void {
    const s = checkSamplerState(state, 'DefaultSampler');
    this.seed = s.seed;
    this.epoch = s.epoch;
    const position = positionForWorldSize(s, this.worldSize, 'DefaultSampler');
    this._resumeAt = position;
    this._position = position;
  }
}
