import { beforeEach, describe, expect, it, vi } from 'vitest';

// Where mounting a read-only file system is not allowed, the diagnosis is checked against a file system that
// answers as a read-only one does: the recursive mkdir says ENOENT, a single mkdir says EROFS.
const fs = vi.hoisted(() => ({ existing: new Set<string>() }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  const errno = (code: string, path: string) => Object.assign(new Error(`${code}: mkdir '${path}'`), { code });
  return {
    ...real,
    existsSync: (path: string) => fs.existing.has(path),
    mkdirSync: (path: string, options?: { recursive?: boolean }) => {
      throw errno(options?.recursive ? 'ENOENT' : 'EROFS', path);
    },
    rmdirSync: () => undefined,
  };
});

const { makeDirectorySync, realMkdirError } = await import('../src/atomic/real-mkdir-error');

describe('realMkdirError', () => {
  beforeEach(() => {
    fs.existing = new Set(['/', '/mnt', '/mnt/ro']);
  });

  it('names EROFS at the first missing directory, not the ENOENT of the recursive mkdir', () => {
    expect(() => makeDirectorySync('/mnt/ro/work_dirs/exp')).toThrow("EROFS: mkdir '/mnt/ro/work_dirs'");
  });

  it('leaves other errors as they are', () => {
    const other = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    expect(realMkdirError('/mnt/ro/x', other)).toBe(other);
  });
});
