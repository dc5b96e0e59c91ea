import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestNames } from '../src';

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts a swap of neighbouring characters as one edit', () => {
    expect(editDistance('lsot', 'lost')).toBe(1);
    expect(editDistance('momentun', 'momentum')).toBe(1);
  });
});

describe('nearest names', () => {
  it('puts a case-only difference first and keeps other near names', () => {
    const nearest = nearestNames('resnet', ['ResNeXt', 'ResNet', 'VGG', 'RegNet']);
    expect(nearest[0]).toBe('ResNet');
    expect(nearest.slice(1).sort()).toEqual(['RegNet', 'ResNeXt']);
  });

  it('lists each name once and at most `count` of them', () => {
    expect(nearestNames('x', ['a', 'a', 'b'], { count: 5 })).toEqual(['a', 'b']);
    expect(nearestNames('abcd', ['abce', 'abcf', 'abcg', 'abch'], { count: 2 })).toHaveLength(2);
  });

  it('offers nothing that is far from the word', () => {
    expect(nearestNames('lr', ['weight_decay', 'momentum_decay'])).toEqual([]);
  });

  it('formats one hint for every package', () => {
    expect(didYouMean('Detectr', ['Detector', 'Classifier'])).toBe('Did you mean "Detector"?');
    expect(didYouMean('zzzzzz', ['Detector'])).toBe('');
  });
});
