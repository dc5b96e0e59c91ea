import { EngError } from '@eng/internal';
import { describe, expect, it } from 'vitest';
import { LoggingError } from '../src/errors';
import { HistoryBuffer } from '../src/history-buffer';

describe('LoggingError', () => {
  it('prints as its class name and keeps its code and cause', () => {
    const cause = new Error('disk full');
    const error = new LoggingError('UNKNOWN_LOGGER', 'no logger', { cause });
    expect(error.name).toBe('LoggingError');
    expect(error.code).toBe('UNKNOWN_LOGGER');
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('LoggingError: no logger');
  });

  it('is recognised by isInstance and instanceof, and is an EngError', () => {
    let caught: unknown;
    try {
      new HistoryBuffer().current();
    } catch (error) {
      caught = error;
    }
    expect(LoggingError.isInstance(caught)).toBe(true);
    expect(caught).toBeInstanceOf(LoggingError);
    expect(EngError.isInstance(caught)).toBe(true);
    expect((caught as LoggingError).code).toBe('EMPTY_HISTORY');
    expect(LoggingError.isInstance(new Error('other'))).toBe(false);
  });
});
