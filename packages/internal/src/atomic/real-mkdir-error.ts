import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Node's recursive `mkdir` reports `ENOENT` where a missing directory cannot be created because its deepest existing
 * ancestor is on a read-only file system (`EROFS`) or not writable (`EACCES`). Given that `ENOENT`, this finds the
 * real reason by creating the first missing directory on its own, and returns that error (or the original one).
 */
export function realMkdirError(dir: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') return error;
  let missing = dir;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  try {
    mkdirSync(missing);
    rmdirSync(missing); // it could be created after all: the original error stands
    return error;
  } catch (real) {
    return (real as NodeJS.ErrnoException).code === 'ENOENT' ? error : real;
  }
}

/** `mkdirSync(dir, { recursive: true })` whose error says why (`EROFS`, not `ENOENT`). */
export function makeDirectorySync(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw realMkdirError(dir, error);
  }
}
