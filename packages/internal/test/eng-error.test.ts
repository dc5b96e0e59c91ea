import { describe, expect, it } from 'vitest';
import { EngError, EngTypeError, isErrorOf } from '../src';

class WidgetError extends EngError<'NO_WIDGET' | 'BROKEN'> {}
class BrokenWidgetError extends WidgetError {}
class WidgetTypeError extends EngTypeError<'BAD_WIDGET'> {}

describe('EngError', () => {
  it('keeps the code, the message and the cause, and prints the class name', () => {
    const cause = new Error('inner');
    const error = new WidgetError('NO_WIDGET', 'no widget "x"', { cause });
    expect(error.code).toBe('NO_WIDGET');
    expect(error.message).toBe('no widget "x"');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('WidgetError');
    expect(String(error)).toBe('WidgetError: no widget "x"');
    expect(new BrokenWidgetError('BROKEN', 'b').name).toBe('BrokenWidgetError');
    expect('cause' in new WidgetError('BROKEN', 'no cause')).toBe(false);
  });

  it('recognises instances by brand, subclasses included, and not unrelated errors', () => {
    const broken = new BrokenWidgetError('BROKEN', 'b');
    expect(broken).toBeInstanceOf(Error);
    expect(broken instanceof WidgetError).toBe(true);
    expect(WidgetError.isInstance(broken)).toBe(true);
    expect(EngError.isInstance(broken)).toBe(true);
    expect(BrokenWidgetError.isInstance(new WidgetError('BROKEN', 'w'))).toBe(false);
    expect(WidgetError.isInstance(new Error('plain'))).toBe(false);
    expect(WidgetError.isInstance(null)).toBe(false);
  });

  it('recognises an error made by another copy of the class (another build of the package)', () => {
    // A second class with the same name stands for the same class bundled into the package's other build.
    const Copy = (() => class WidgetError extends EngError<'NO_WIDGET'> {})();
    const fromCopy = new Copy('NO_WIDGET', 'from the other build');
    expect(fromCopy instanceof WidgetError).toBe(true);
    expect(WidgetError.isInstance(fromCopy)).toBe(true);
    expect(isErrorOf(fromCopy, 'EngError')).toBe(true);
  });
});

describe('EngTypeError', () => {
  it('is a TypeError and an eng error', () => {
    const error = new WidgetTypeError('BAD_WIDGET', 'expected a widget, got the number 3');
    expect(error).toBeInstanceOf(TypeError);
    expect(error instanceof WidgetTypeError).toBe(true);
    expect(EngError.isInstance(error)).toBe(true);
    expect(EngTypeError.isInstance(error)).toBe(true);
    expect(error.name).toBe('WidgetTypeError');
    expect(error.code).toBe('BAD_WIDGET');
  });
});
