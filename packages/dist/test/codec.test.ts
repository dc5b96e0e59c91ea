import { describe, expect, it } from 'vitest';
import { decodeObject, encodeObject } from '../src/objects/codec';

describe('objects cross ranks as JSON', () => {
  it('keeps plain data, typed arrays and non-finite numbers', () => {
    const value = {
      s: 'é',
      n: [1, 2.5, null],
      pred: Float32Array.of(0.25, Number.NaN),
      label: Int32Array.of(3),
      score: Number.NEGATIVE_INFINITY,
      nan: Number.NaN,
    };
    const back = decodeObject(encodeObject('test', value)) as typeof value;
    expect(back.s).toBe('é');
    expect(back.n).toEqual([1, 2.5, null]);
    expect(back.pred).toBeInstanceOf(Float32Array);
    expect(Array.from(back.pred)).toEqual([0.25, Number.NaN]);
    expect(back.label).toEqual(Int32Array.of(3));
    expect(back.score).toBe(Number.NEGATIVE_INFINITY);
    expect(back.nan).toBeNaN();
  });

  it('names what cannot be written', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeObject('allGatherObject', cyclic)).toThrow(/allGatherObject: objects cross ranks as JSON/);
    expect(decodeObject(encodeObject('x', undefined))).toBeNull();
  });
});
