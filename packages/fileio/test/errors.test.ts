import { EngError } from '@eng/internal';
import { describe, expect, it } from 'vitest';
import { FileIOError, HttpError } from '../src/errors';

describe('FileIOError and HttpError', () => {
  it('print their class names and keep the code, the URI and the cause', () => {
    const cause = new Error('ENOENT');
    const err = new FileIOError('NOT_FOUND', "Cannot read 'a.txt'", { uri: 'a.txt', cause });
    expect(err.name).toBe('FileIOError');
    expect(String(err)).toBe("FileIOError: Cannot read 'a.txt'");
    expect(err).toMatchObject({ code: 'NOT_FOUND', uri: 'a.txt', cause });
    expect(FileIOError.isInstance(err)).toBe(true);
    expect(EngError.isInstance(err)).toBe(true);
  });

  it('an HttpError is a FileIOError with code HTTP_ERROR', () => {
    const err = new HttpError('GET https://host/x failed with status 404 Not Found', {
      url: 'https://host/x',
      status: 404,
      statusText: 'Not Found',
      attempts: 1,
    });
    expect(err.name).toBe('HttpError');
    expect(err).toBeInstanceOf(FileIOError);
    expect(HttpError.isInstance(err)).toBe(true);
    expect(HttpError.isInstance(new FileIOError('NOT_FOUND', 'x'))).toBe(false);
    expect(err).toMatchObject({ code: 'HTTP_ERROR', uri: 'https://host/x', status: 404, attempts: 1 });
  });
});
