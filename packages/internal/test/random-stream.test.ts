import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/random/random-stream';

const draws = (s: RandomStream, n: number): number[] => Array.from({ length: n }, () => s.nextUint32());

describe('RandomStream', () => {
  it('replays the same draws for the same seed or seed tuple', () => {
    expect(draws(new RandomStream(42), 8)).toEqual(draws(new RandomStream(42), 8));
    expect(draws(new RandomStream([42, 3, 17]), 8)).toEqual(draws(new RandomStream([42, 3, 17]), 8));
  });

  it('gives unrelated streams for neighbouring tuples, in every position of the tuple', () => {
    const base = draws(new RandomStream([42, 3, 17]), 4);
    for (const other of [
      [43, 3, 17],
      [42, 4, 17],
      [42, 3, 18],
      [42, 3],
      [42, 3, 17, 0],
      [42 + 2 ** 32, 3, 17],
    ]) {
      const d = draws(new RandomStream(other), 4);
      expect(d.filter((x, i) => x === base[i])).toEqual([]);
    }
  });

  it('continues exactly from a saved state', () => {
    const a = new RandomStream([7, 1]);
    draws(a, 5);
    const b = RandomStream.fromState(JSON.parse(JSON.stringify(a.state)));
    expect(draws(b, 6)).toEqual(draws(a, 6));
  });

  it('draws in the documented ranges', () => {
    const s = new RandomStream(1);
    const ints = Array.from({ length: 2000 }, () => s.randint(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
    expect(Array.from({ length: 2000 }, () => s.randint(2)).every((x) => x === 0 || x === 1)).toBe(true);
    const floats = Array.from({ length: 2000 }, () => s.uniform(-1, 1));
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...floats)).toBeLessThan(1);
    const normals = Array.from({ length: 20000 }, () => s.normal(5, 2));
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    const sd = Math.sqrt(normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length);
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeCloseTo(2, 1);
    expect(() => s.randint(3, 3)).toThrow(RangeError);
    expect(() => s.choice([])).toThrow(RangeError);
  });

  it('permutes: every index once, and not in order', () => {
    const p = new RandomStream(9).permutation(100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
