// Seeding, as MMEngine's `set_random_seed`: one seed drives our JavaScript random stream, Math.random (the stream
// TensorFlow.js falls back to when an op gets no explicit seed: initializers, dropout, tf.util.shuffle) and, through
// `nextSeed()`, the explicit seeds we hand to tf.random* ops.
import { RandomStream, type RandomStreamState } from '@eng/internal';

const nativeMathRandom = Math.random;

interface SeedState {
  seed: number | undefined;
  deterministic: boolean;
  stream: RandomStream | undefined;
  mathStream: RandomStream | undefined;
  /** The function installed as `Math.random` by the last seeding, to tell whether it is still in place. */
  installedMathRandom: (() => number) | undefined;
}

const state: SeedState = {
  seed: undefined,
  deterministic: false,
  stream: undefined,
  mathStream: undefined,
  installedMathRandom: undefined,
};

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
  state.installedMathRandom = undefined;
  if (options.seedMathRandom ?? true) installMathRandom(state.mathStream);
}

function installMathRandom(mathStream: RandomStream): void {
  const fn = () => mathStream.random();
  state.installedMathRandom = fn;
  Math.random = fn;
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
  state.installedMathRandom = undefined;
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

/**
 * Where every random stream of this module is, as plain JSON data (saved in a checkpoint for an exact resume):
 * `setRandomState(getRandomState())` later makes `nextSeed()`, `random()` and the seeded `Math.random` continue
 * with exactly the draws they would have made.
 */
export interface RandomState {
  /** The seed given to `setRandomSeed`; `null` when none was (an unseeded run). */
  seed: number | null;
  deterministic: boolean;
  /** The stream behind `nextSeed()` / `random()` / `shuffle()`. */
  stream: RandomStreamState;
  /** The stream behind the seeded `Math.random`; `null` when no seed was set. */
  mathStream: RandomStreamState | null;
  /** Whether `Math.random` was this module's seeded stream (not native, not replaced since). */
  mathRandomSeeded: boolean;
}

/**
 * The state of every random stream (MMEngine saves none; eng does, so a resumed run draws what the uninterrupted
 * one would). An unseeded run's lazily created stream is captured too.
 *
 * @example
 * setRandomSeed(0);
 * const saved = getRandomState();
 * const a = nextSeed();
 * setRandomState(saved);
 * nextSeed() === a; // true
 */
export function getRandomState(): RandomState {
  return {
    seed: state.seed ?? null,
    deterministic: state.deterministic,
    stream: stream().state,
    mathStream: state.mathStream?.state ?? null,
    mathRandomSeeded: state.installedMathRandom !== undefined && Math.random === state.installedMathRandom,
  };
}

function isStreamState(value: unknown): value is RandomStreamState {
  return Array.isArray(value) && value.length === 4 && value.every((w) => Number.isInteger(w));
}

/**
 * Puts every random stream back where {@link getRandomState} found it: the seed, the deterministic flag, the tensor
 * seed stream and the `Math.random` stream (installed as `Math.random` again when it was then).
 */
export function setRandomState(saved: RandomState): void {
  const s = saved as Partial<RandomState> | null;
  if (s === null || typeof s !== 'object') {
    throw new TypeError(`setRandomState: expected the object getRandomState() returns, got ${String(saved)}`);
  }
  if (!isStreamState(s.stream)) {
    throw new TypeError(`setRandomState: "stream" must be 4 integers, got ${JSON.stringify(s.stream)}`);
  }
  if (s.mathStream !== null && s.mathStream !== undefined && !isStreamState(s.mathStream)) {
    throw new TypeError(`setRandomState: "mathStream" must be 4 integers or null, got ${JSON.stringify(s.mathStream)}`);
  }
  if (s.seed !== null && s.seed !== undefined && !Number.isFinite(s.seed)) {
    throw new TypeError(`setRandomState: "seed" must be a finite number or null, got ${String(s.seed)}`);
  }
  state.seed = s.seed ?? undefined;
  state.deterministic = s.deterministic === true;
  state.stream = RandomStream.fromState(s.stream);
  state.mathStream = s.mathStream ? RandomStream.fromState(s.mathStream) : undefined;
  if (s.mathRandomSeeded && state.mathStream) {
    installMathRandom(state.mathStream);
  } else if (state.installedMathRandom !== undefined && Math.random === state.installedMathRandom) {
    // The saved run drew Math.random natively: leave no stale seeded stream behind.
    restoreMathRandom();
  } else {
    state.installedMathRandom = undefined;
  }
}
