// Seeding, as MMEngine's `set_random_seed`: one seed drives our JavaScript random stream, Math.random (the stream
// TensorFlow.js falls back to when an op gets no explicit seed: initializers, dropout, tf.util.shuffle) and, through
// `nextSeed()`, the explicit seeds we hand to tf.random* ops.

/** sfc32: a small, fast 32-bit generator with a 128-bit state (Chris Doty-Humphrey's design). */
class Sfc32 {
  private _a: number;
  private _b: number;
  private _c: number;
  private _d: number;

  constructor(seed: number) {
    // Spread the seed over the state with splitmix32 so nearby seeds give unrelated streams.
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this._a = mix();
    this._b = mix();
    this._c = mix();
    this._d = mix();
    for (let i = 0; i < 12; i++) this.nextUint32();
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
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }
}

const nativeMathRandom = Math.random;

interface SeedState {
  seed: number | undefined;
  deterministic: boolean;
  stream: Sfc32 | undefined;
  mathStream: Sfc32 | undefined;
}

const state: SeedState = { seed: undefined, deterministic: false, stream: undefined, mathStream: undefined };

export interface SetRandomSeedOptions {
  /**
   * MMEngine's `deterministic`: also make the numerics reproducible, not only the random draws. Here it pins the
   * WASM backend to one thread (a thread count changes reduction order) and is reported by `isDeterministic()`.
   */
  deterministic?: boolean;
  /**
   * Replace `Math.random` with a stream seeded from `seed` (default true), the way MMEngine seeds Python's `random`
   * module: TensorFlow.js draws its seed from `Math.random` whenever an op gets none. `restoreMathRandom()` undoes it.
   */
  seedMathRandom?: boolean;
}

/**
 * Seeds every random stream of a run (MMEngine `set_random_seed`).
 *
 * @example
 * setRandomSeed(42, { deterministic: true });
 * const w = tf.randomNormal([3, 3], 0, 1, 'float32', nextSeed()); // the same tensor in every run
 */
export function setRandomSeed(seed: number, options: SetRandomSeedOptions = {}): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`setRandomSeed: seed must be a finite number, got ${String(seed)}`);
  }
  const normalized = Math.trunc(seed) >>> 0;
  state.seed = Math.trunc(seed);
  state.deterministic = options.deterministic ?? false;
  state.stream = new Sfc32(normalized);
  // A second, independent stream for Math.random so that user code calling Math.random does not shift nextSeed().
  state.mathStream = new Sfc32(normalized ^ 0x5bd1e995);
  if (options.seedMathRandom ?? true) {
    const mathStream = state.mathStream;
    Math.random = () => mathStream.nextFloat();
  }
}

/** The seed given to `setRandomSeed`, or `undefined` when none was set. */
export function getRandomSeed(): number | undefined {
  return state.seed;
}

/** Whether `setRandomSeed(…, { deterministic: true })` was asked for. */
export function isDeterministic(): boolean {
  return state.deterministic;
}

/** Puts the native `Math.random` back after `setRandomSeed` replaced it. */
export function restoreMathRandom(): void {
  Math.random = nativeMathRandom;
}

function stream(): Sfc32 {
  // Unseeded runs still get a working stream, seeded once from the platform's generator.
  state.stream ??= new Sfc32(Math.floor(nativeMathRandom() * 4294967296));
  return state.stream;
}

/**
 * The next integer seed (0 … 2^31-1) from the seeded stream, for the `seed` argument of tf.random* ops and layer
 * initializers, so weight initialisation is reproducible.
 */
export function nextSeed(): number {
  return stream().nextUint32() >>> 1;
}

/** A uniform number in [0, 1) from the seeded stream. */
export function random(): number {
  return stream().nextFloat();
}

/** An integer in [0, n) from the seeded stream. */
export function randomInt(n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place, driven by the seeded stream (a seeded `tf.util.shuffle`). */
export function shuffle<T>(array: T[]): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const tmp = array[i] as T;
    array[i] = array[j] as T;
    array[j] = tmp;
  }
  return array;
}
