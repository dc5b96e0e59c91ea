// Seeding, as MMEngine's `set_random_seed`: one seed drives our JavaScript random stream, Math.random (the stream
// TensorFlow.js falls back to when an op gets no explicit seed: initializers, dropout, tf.util.shuffle) and, through
// `nextSeed()`, the explicit seeds we hand to tf.random* ops.
import { RandomStream } from '@eng/internal';

const nativeMathRandom = Math.random;

interface SeedState {
  seed: number | undefined;
  deterministic: boolean;
  stream: RandomStream | undefined;
  mathStream: RandomStream | undefined;
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
  state.stream = new RandomStream(normalized);
  // A second, independent stream for Math.random so that user code calling Math.random does not shift nextSeed().
  state.mathStream = new RandomStream(normalized ^ 0x5bd1e995);
  if (options.seedMathRandom ?? true) {
    const mathStream = state.mathStream;
    Math.random = () => mathStream.random();
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

function stream(): RandomStream {
  // Unseeded runs still get a working stream, seeded once from the platform's generator.
  state.stream ??= new RandomStream(Math.floor(nativeMathRandom() * 4294967296));
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
  return stream().random();
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
