import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  getRandomSeed,
  getRandomState,
  isDeterministic,
  nextSeed,
  type RandomState,
  random,
  restoreMathRandom,
  setRandomSeed,
  setRandomState,
  shuffle,
} from '../src/random';
import { tf } from '../src/tf';

afterEach(() => restoreMathRandom());

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);
const drawAll = () => ({
  seeds: draw(4, nextSeed),
  randoms: draw(4, random),
  math: draw(4, Math.random),
  order: shuffle([0, 1, 2, 3, 4, 5, 6, 7]),
});

describe('getRandomState / setRandomState: an exact resume of every random stream', () => {
  it('the streams continue exactly where they were when the state was taken', () => {
    setRandomSeed(77);
    drawAll(); // part way through the run
    const saved = getRandomState();
    const expected = drawAll();
    setRandomSeed(5); // another run, or a fresh process seeded again
    drawAll();
    setRandomState(saved);
    expect(drawAll()).toEqual(expected);
  });

  it('is plain JSON data: a state read back from JSON resumes as well', () => {
    setRandomSeed(2024, { deterministic: true });
    draw(3, nextSeed);
    const saved = getRandomState();
    const json = JSON.parse(JSON.stringify(saved)) as RandomState;
    expect(json).toEqual(saved);
    const expected = drawAll();
    setRandomSeed(1);
    setRandomState(json);
    expect(drawAll()).toEqual(expected);
  });

  it('restores the seed and the deterministic flag', () => {
    setRandomSeed(12, { deterministic: true });
    const saved = getRandomState();
    expect(saved).toMatchObject({ seed: 12, deterministic: true, mathRandomSeeded: true });
    setRandomSeed(99);
    setRandomState(saved);
    expect(getRandomSeed()).toBe(12);
    expect(isDeterministic()).toBe(true);
  });

  it('a state does not change when the stream moves on (it is a copy)', () => {
    setRandomSeed(3);
    const saved = getRandomState();
    const copy = JSON.stringify(saved);
    draw(10, nextSeed);
    draw(10, Math.random);
    expect(JSON.stringify(saved)).toBe(copy);
  });

  it('tf ops that take their seed from Math.random continue too', async () => {
    await tf.setBackend('cpu');
    const sample = () => tf.tidy(() => Array.from(tf.randomUniform([5]).dataSync()));
    setRandomSeed(8);
    sample();
    const saved = getRandomState();
    const expected = sample();
    setRandomSeed(9);
    setRandomState(saved);
    expect(sample()).toEqual(expected);
  });

  it('Math.random is put back as it was: seeded, or native when the run did not seed it', () => {
    const native = Math.random;
    setRandomSeed(4, { seedMathRandom: false });
    const unseededMath = getRandomState();
    expect(unseededMath.mathRandomSeeded).toBe(false);
    setRandomSeed(4);
    expect(Math.random).not.toBe(native);
    setRandomState(unseededMath);
    expect(Math.random).toBe(native);
    setRandomSeed(4);
    restoreMathRandom();
    expect(getRandomState().mathRandomSeeded).toBe(false); // restored by hand: no longer ours
  });

  it('an unseeded run still has its lazily created stream captured', async () => {
    vi.resetModules();
    const fresh = await import('../src/random');
    const saved = fresh.getRandomState();
    expect(saved.seed).toBeNull();
    expect(saved.mathStream).toBeNull();
    expect(saved.mathRandomSeeded).toBe(false);
    expect(saved.stream).toHaveLength(4);
    const expected = draw(5, fresh.nextSeed);
    fresh.setRandomSeed(1);
    fresh.setRandomState(saved);
    expect(draw(5, fresh.nextSeed)).toEqual(expected);
    expect(fresh.getRandomSeed()).toBeUndefined();
    fresh.restoreMathRandom();
  });

  it('refuses what is not a saved state', () => {
    expect(() => setRandomState(null as never)).toThrow(TypeError);
    expect(() => setRandomState({ seed: 1, stream: [1, 2, 3] } as never)).toThrow(/"stream" must be 4 integers/);
    setRandomSeed(1);
    const good = getRandomState();
    expect(() => setRandomState({ ...good, mathStream: [1.5, 0, 0, 0] } as never)).toThrow(/mathStream/);
    expect(() => setRandomState({ ...good, seed: Number.NaN })).toThrow(/seed/);
  });
});
