import { describe, expect, it } from 'vitest';
import { matchesExpected, normalizeShown, showValue } from '../src/expected-text';

describe('showValue', () => {
  it('shows a value on one line as util.inspect does', () => {
    expect(showValue({ a: [1, 2], s: 'x' })).toBe("{ a: [ 1, 2 ], s: 'x' }");
    expect(showValue('text')).toBe("'text'");
  });
});

describe('matchesExpected', () => {
  it('ignores spacing inside brackets, quotes around plain keys and trailing commas', () => {
    expect(normalizeShown("{ '1': 'cat', b: [ 'dog', 'cow', ] }")).toBe("{1: 'cat', b: ['dog', 'cow']}");
    expect(matchesExpected("{ 1: 'cat', 2: ['dog', 'cow'] }", showValue({ 1: 'cat', 2: ['dog', 'cow'] }))).toBe(true);
    expect(matchesExpected("['c', 'd', 'e']", showValue(['c', 'd', 'e']))).toBe(true);
  });

  it('tells different values apart', () => {
    expect(matchesExpected('2.5', '2.4')).toBe(false);
    expect(matchesExpected('2', '2.5')).toBe(false);
    expect(matchesExpected("['a']", "['a', 'b']")).toBe(false);
  });

  it('lets … stand for any text', () => {
    expect(matchesExpected("['w', …, 'b']", showValue(['w', 'x', 'y', 'b']))).toBe(true);
    expect(matchesExpected('{ loss: 2.29… }', '{ loss: 2.2931 }')).toBe(true);
    expect(matchesExpected('{ loss: 2.29… }', '{ loss: 2.31 }')).toBe(false);
  });

  it('allows a note after the value, after a comma or in parentheses', () => {
    expect(matchesExpected('2.5, (2 + 3) / (1 + 1)', '2.5')).toBe(true);
    expect(matchesExpected("['a.txt', 'b.txt'] (or iterate it)", "[ 'a.txt', 'b.txt' ]")).toBe(true);
    expect(matchesExpected('2.5, (2 + 3) / (1 + 1)', '2')).toBe(false);
  });
});
