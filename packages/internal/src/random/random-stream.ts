/** Golden-ratio increments of splitmix32, one per state word, so each word mixes the seeds differently. */
const LANES = [0x9e3779b9, 0x7f4a7c15, 0x6a09e667, 0xbb67ae85] as const;

function splitmix32(s: number): number {
  let z = s >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The state of a {@link RandomStream}: four 32-bit words, plain numbers so it can be saved as JSON. */
export type RandomStreamState = readonly [number, number, number, number];

/**
 * A seeded random stream: sfc32 (Chris Doty-Humphrey's small fast counter generator, 128-bit state). One stream
 * per purpose, so that drawing from one never shifts another: the tensor seed stream of `@eng/tensor-gpu`, one
 * stream per sample in `@eng/dataset`'s pipelines.
 *
 * `new RandomStream(seed)` and `new RandomStream([seed, epoch, index])` both work; a list gives every word of the
 * state a different mix of all its entries, so streams of nearby tuples are unrelated.
 *
 * @example
 * const rng = new RandomStream([42, 0, 7]);
 * rng.random(); // the same number in every run
 */
export class RandomStream {
  private _a = 0;
  private _b = 0;
  private _c = 0;
  private _d = 0;

  constructor(seed: number | readonly number[]) {
    if (typeof seed === 'number') {
      // A single seed spreads over the state through one splitmix32 sequence.
      let s = seed >>> 0;
      const next = (): number => {
        s = (s + 0x9e3779b9) >>> 0;
        return splitmix32(s);
      };
      this._a = next();
      this._b = next();
      this._c = next();
      this._d = next();
    } else {
      const words = LANES.map((lane) => {
        let h: number = lane;
        for (const part of seed) {
          // Both halves of integers beyond 32 bits count (epochs and indices are small; seeds may not be).
          const low = part >>> 0;
          const high = Math.floor(part / 4294967296) >>> 0;
          h = splitmix32((h + lane) ^ low);
          h = splitmix32((h + lane) ^ high);
        }
        return h;
      });
      [this._a, this._b, this._c, this._d] = words as [number, number, number, number];
    }
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A stream that continues from a saved {@link RandomStream.state}. */
  static fromState(state: RandomStreamState): RandomStream {
    const stream = new RandomStream(0);
    [stream._a, stream._b, stream._c, stream._d] = state.map((w) => w | 0) as [number, number, number, number];
    return stream;
  }

  /** The current state; `RandomStream.fromState(s.state)` continues exactly where `s` is. */
  get state(): RandomStreamState {
    return [this._a, this._b, this._c, this._d];
  }

  nextUint32(): number {
    const t = (((this._a + this._b) | 0) + this._d) | 0;
    this._d = (this._d + 1) | 0;
    this._a = this._b ^ (this._b >>> 9);
    this._b = (this._c + (this._c << 3)) | 0;
    this._c = (this._c << 21) | (this._c >>> 11);
    this._c = (this._c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of randomness. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** An integer in [low, high) (numpy's `randint(low, high)`); `randint(n)` is [0, n). */
  randint(low: number, high?: number): number {
    const [lo, hi] = high === undefined ? [0, low] : [low, high];
    if (!(hi > lo)) throw new RangeError(`randint: empty range [${lo}, ${hi})`);
    return lo + Math.floor(this.random() * (hi - lo));
  }

  /** A normal draw (Box–Muller). */
  normal(mean = 0, std = 1): number {
    const u = 1 - this.random(); // (0, 1]: log(0) never happens
    const v = this.random();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element of a non-empty list. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice: the list is empty');
    return items[this.randint(items.length)] as T;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0 … n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}
