import { describe, expect, it } from 'vitest';
import { findJsonError } from '../src/loaders/json';
import { mergeAIntoB } from '../src/merge';
import { OffsetMap, replaceMapped } from '../src/text-map';

describe('merge rules (Config._merge_a_into_b)', () => {
  const merge = (a: object, b: object, allowListKeys = false) =>
    mergeAIntoB(structuredClone(a) as Record<string, unknown>, structuredClone(b) as Record<string, unknown>, {
      allowListKeys,
    });

  it('dicts merge, lists and scalars replace, a scalar over a dict replaces it', () => {
    expect(merge({ obj: { a: 2 } }, { obj: { a: 1, b: 1 } })).toEqual({ obj: { a: 2, b: 1 } });
    expect(merge({ l: [3] }, { l: [1, 2] })).toEqual({ l: [3] });
    expect(merge({ d: 1 }, { d: { a: 1 } })).toEqual({ d: 1 });
    expect(merge({ obj: { _delete_: true, a: 2 } }, { obj: { a: 1, b: 1 } })).toEqual({ obj: { a: 2 } });
  });

  it('a dict over a list is a TypeError unless list keys are allowed', () => {
    expect(() => merge({ l: { 0: 1 } }, { l: [1] })).toThrow(TypeError);
    expect(merge({ l: { 0: { a: 2 } } }, { l: [{ a: 1 }, { b: 2 }] }, true)).toEqual({ l: [{ a: 2 }, { b: 2 }] });
  });

  it('_delete_ markers never survive, also where the base has no such key', () => {
    expect(merge({ n: { _delete_: true, x: { _delete_: false, y: 1 } } }, {})).toEqual({ n: { x: { y: 1 } } });
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{"a": 1,}', 8, 'expected a property name'],
    ['{"a" 1}', 5, "expected ':'"],
    ['[1, 2', 5, "expected ',' or ']'"],
    ['{"a": "x\ny"}', 8, 'control character'],
    ['{"a": tru}', 6, 'unexpected'],
    ['{} x', 3, 'after the end'],
  ])('%j', (text, at, reason) => {
    const fault = findJsonError(text);
    expect(fault.at).toBe(at);
    expect(fault.reason).toContain(reason);
  });

  it('maps offsets of substituted text back to the original', () => {
    const map = new OffsetMap();
    const out = replaceMapped('ab{{X}}cd', /\{\{X\}\}/g, () => 'LONGER', map);
    expect(out).toBe('abLONGERcd');
    expect(map.toOriginal(8)).toBe(7);
    expect(map.toOriginal(3)).toBe(2);
    expect(map.toOriginal(1)).toBe(1);
  });
});
