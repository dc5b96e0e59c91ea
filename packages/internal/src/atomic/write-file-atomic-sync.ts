import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nameFileInError } from '../errors/name-file';
import { makeDirectorySync } from './real-mkdir-error';
import { removeStaleTemporaries } from './stale-temporaries';

let counter = 0;

/**
 * A temporary file name beside `target` (same directory, so the final rename stays on one file system and is
 * atomic): the process id, a counter and a random part keep two writers apart, even two copies of this code (the
 * ESM and CJS builds of a package) in one process.
 */
export function temporaryPathFor(target: string): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return join(dirname(target), `.${basename(target)}.${process.pid}.${counter.toString(36)}${random}.tmp`);
}

export interface WriteFileAtomicSyncOptions {
  /** Flush the data to disk before the rename (default true). */
  fsync?: boolean;
}

/**
 * Writes `data` to `target` so that a reader sees the old file or the whole new one, never a part: the data goes to
 * a temporary file beside the target, is flushed, and is renamed over it. The directory is created; on an error the
 * temporary file is removed and the target is untouched.
 */
export function writeFileAtomicSync(
  target: string,
  data: string | Uint8Array,
  options: WriteFileAtomicSyncOptions = {},
): void {
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new TypeError(`writeFileAtomicSync: data must be a string or a Uint8Array, got ${typeof data}`);
  }
  makeDirectorySync(dirname(target));
  removeStaleTemporaries(dirname(target));
  // A device, FIFO or socket cannot be replaced by a renamed file (that would delete it): write into it.
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(target);
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) {
    try {
      writeFileSync(target, data);
      return;
    } catch (error) {
      throw nameFileInError(error, target);
    }
  }
  const tmp = temporaryPathFor(target);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
      if (options.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw nameFileInError(error, target);
  }
}
