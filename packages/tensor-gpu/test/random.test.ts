import { afterEach, describe, expect, it } from 'vitest';
import {
  getRandomSeed,
  isDeterministic,
  nextSeed,
  random,
  restoreMathRandom,
  setRandomSeed,
  shuffle,
} from '../src/random';
import { tf } from '../src/tf';

afterEach(() => restoreMathRandom());

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('setRandomSeed', () => {
  it('records the seed and the deterministic flag', () => {
    setRandomSeed(123, { deterministic: true });
    expect(getRandomSeed()).toBe(123);
    expect(isDeterministic()).toBe(true);
    setRandomSeed(7);
    expect(isDeterministic()).toBe(false);
  });

  it('the same seed replays random(), nextSeed() and Math.random', () => {
    setRandomSeed(2024);
    const a = { r: draw(5, random), s: draw(5, nextSeed), m: draw(5, Math.random) };
    setRandomSeed(2024);
    const b = { r: draw(5, random), s: draw(5, nextSeed), m: draw(5, Math.random) };
    expect(b).toEqual(a);
    setRandomSeed(2025);
    expect(draw(5, random)).not.toEqual(a.r);
  });

  it('draws in range: random() in [0, 1), nextSeed() a non-negative int32', () => {
    setRandomSeed(1);
    for (const r of draw(1000, random)) expect(r >= 0 && r < 1).toBe(true);
    for (const s of draw(1000, nextSeed)) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
  });

  it('Math.random use in user code does not shift the seeds handed to tf ops', () => {
    setRandomSeed(9);
    const plain = draw(3, nextSeed);
    setRandomSeed(9);
    Math.random();
    Math.random();
    expect(draw(3, nextSeed)).toEqual(plain);
  });

  it('seeds tf ops given nextSeed() and those given no seed', async () => {
    await tf.setBackend('cpu');
    const sample = () =>
      tf.tidy(() => [
        Array.from(tf.randomNormal([4], 0, 1, 'float32', nextSeed()).dataSync()),
        Array.from(tf.randomUniform([4]).dataSync()),
      ]);
    setRandomSeed(31);
    const a = sample();
    setRandomSeed(31);
    expect(sample()).toEqual(a);
  });

  it('seedMathRandom: false leaves Math.random alone', () => {
    const native = Math.random;
    setRandomSeed(3, { seedMathRandom: false });
    expect(Math.random).toBe(native);
  });

  it('rejects a seed that is not a finite number', () => {
    expect(() => setRandomSeed(Number.NaN)).toThrow(TypeError);
    expect(() => setRandomSeed('1' as never)).toThrow(/finite number/);
  });

  it('shuffle is a seeded permutation', () => {
    setRandomSeed(4);
    const a = shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    setRandomSeed(4);
    expect(shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
