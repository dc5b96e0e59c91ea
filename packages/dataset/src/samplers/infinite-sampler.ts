import { RandomStream } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { checkSamplerState, positionForWorldSize } from './default-sampler';
import { getDistInfo } from './dist-info';
import type { SamplerLike, SamplerState } from './sampler-like';
import { defaultSamplerSeed } from './sampler-seed';

export interface InfiniteSamplerOptions {
  dataset: { readonly length: number };
  /** A new random order on every pass over the dataset (default true). */
  shuffle?: boolean;
  seed?: number | null;
}

const shape = {
  // `'length' in v`, not reading it: a dataset still loading throws from its length.
  dataset: z.custom<{ readonly length: number }>((v) => typeof v === 'object' && v !== null && 'length' in v, {
    message: 'expected a dataset (an object with a length)',
  }),
  shuffle: z.boolean().optional(),
  seed: z.number().int().nullable().optional(),
} satisfies ShapeOf<InfiniteSamplerOptions>;

/**
 * MMEngine's `InfiniteSampler` (for iteration-based training): an endless stream of passes over the dataset, each
 * pass a new permutation when `shuffle`, split across ranks. Iterating again continues where the last iteration
 * stopped, as MMEngine's shared generator does; `setEpoch` does nothing. The state's `position` counts the indices
 * this rank has drawn, so a resumed run continues the same stream.
 *
 * @example
 * const sampler = new InfiniteSampler({ dataset: { length: 3 }, shuffle: false });
 * const it = sampler[Symbol.iterator]();
 * [1, 2, 3, 4].map(() => it.next().value); // [0, 1, 2, 0]
 */
export class InfiniteSampler implements SamplerLike {
  static readonly optionsSchema = optionsSchema<InfiniteSamplerOptions>(shape);

  readonly dataset: { readonly length: number };
  readonly shuffle: boolean;
  seed: number;
  readonly rank: number;
  readonly worldSize: number;
  private _position = 0;
  private _pass = -1;
  private _order: number[] = [];

  constructor(options: InfiniteSamplerOptions) {
    const { dataset, shuffle = true, seed = null } = options;
    this.dataset = dataset;
    this.shuffle = shuffle;
    this.seed = seed ?? defaultSamplerSeed();
    const { rank, worldSize } = getDistInfo();
    this.rank = rank;
    this.worldSize = worldSize;
  }

  /** The dataset's size (MMEngine's `len(InfiniteSampler)`); the stream itself never ends. */
  get length(): number {
    return this.dataset.length;
  }

  private _at(globalIndex: number): number {
    const n = this.dataset.length;
    const pass = Math.floor(globalIndex / n);
    if (pass !== this._pass) {
      this._pass = pass;
      this._order = this.shuffle
        ? new RandomStream([this.seed, pass]).permutation(n)
        : Array.from({ length: n }, (_, i) => i);
    }
    return this._order[globalIndex - pass * n] as number;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.dataset.length === 0) return;
    while (true) {
      // This rank's k-th index is the (rank + k * world_size)-th of the shared stream.
      const index = this._at(this.rank + this._position * this.worldSize);
      this._position++;
      yield index;
    }
  }

  setEpoch(_epoch: number): void {}

  stateDict(): SamplerState {
    return { epoch: 0, seed: this.seed, position: this._position, world_size: this.worldSize };
  }

  loadStateDict(state: SamplerState): void {
    const s = checkSamplerState(state, 'InfiniteSampler');
    this.seed = s.seed;
    this._pass = -1;
    this._position = positionForWorldSize(s, this.worldSize, 'InfiniteSampler');
  }
}
