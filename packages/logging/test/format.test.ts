import { describe, expect, it } from 'vitest';
import { formatDuration, formatExponential, formatFixed, rjust } from '../src/format';

describe("Python's '{:.Ne}' (the lr column)", () => {
  it('prints at least two exponent digits', () => {
    expect(formatExponential(0.001, 4)).toBe('1.0000e-03');
    expect(formatExponential(0.01, 4)).toBe('1.0000e-02');
    expect(formatExponential(0.01, 5)).toBe('1.00000e-02');
    expect(formatExponential(12345, 3)).toBe('1.234e+04');
    expect(formatExponential(0, 4)).toBe('0.0000e+00');
    expect(formatExponential(1e100, 4)).toBe('1.0000e+100');
    expect(formatExponential(-2.5e-7, 2)).toBe('-2.50e-07');
  });

  it('rounds exact ties half to even, as Python does', () => {
    expect(formatExponential(1.25, 1)).toBe('1.2e+00'); // JavaScript: 1.3e+0
    expect(formatExponential(1.75, 1)).toBe('1.8e+00');
    expect(formatExponential(9.5, 0)).toBe('1e+01');
    expect(formatExponential(8.5, 0)).toBe('8e+00');
    expect(formatExponential(1.23455e-3, 4)).toBe('1.2346e-03'); // not an exact tie in binary
  });

  it('prints nan and inf', () => {
    expect(formatExponential(Number.NaN, 4)).toBe('nan');
    expect(formatExponential(Number.POSITIVE_INFINITY, 4)).toBe('inf');
    expect(formatExponential(Number.NEGATIVE_INFINITY, 4)).toBe('-inf');
  });
});

describe("Python's '{:.Nf}' (every other column)", () => {
  it('matches toFixed away from ties', () => {
    expect(formatFixed(0.2312, 4)).toBe('0.2312');
    expect(formatFixed(1 / 3, 4)).toBe('0.3333');
    expect(formatFixed(1, 4)).toBe('1.0000');
  });

  it('rounds exact ties half to even', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12'); // JavaScript: 0.13
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
  });

  it('keeps the sign of negative zero and prints huge values in full', () => {
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixed(1e22, 2)).toBe('10000000000000000000000.00');
    expect(formatFixed(Number.NaN, 4)).toBe('nan');
    expect(formatFixed(Number.NEGATIVE_INFINITY, 4)).toBe('-inf');
  });
});

describe("Python's str(timedelta(seconds=int(eta)))", () => {
  it('H:MM:SS under a day', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(155)).toBe('0:02:35');
    expect(formatDuration(59.9)).toBe('0:00:59');
    expect(formatDuration(3600 * 23 + 61)).toBe('23:01:01');
  });

  it('D day(s), H:MM:SS from a day on, and negative durations as Python prints them', () => {
    expect(formatDuration(90_000)).toBe('1 day, 1:00:00');
    expect(formatDuration(2 * 86_400 + 3)).toBe('2 days, 0:00:03');
    expect(formatDuration(-5)).toBe('-1 day, 23:59:55');
  });
});

describe('rjust', () => {
  it('pads on the left', () => {
    expect(rjust('2', 2)).toBe(' 2');
    expect(rjust('[1]', 5)).toBe('  [1]');
    expect(rjust('123', 2)).toBe('123');
  });
});
