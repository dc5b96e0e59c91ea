import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * A temporary file name beside `target` (same directory, so the final rename stays on one file system and is
 * atomic), unique per process and call.
 */
export function temporaryPathFor(target: string): string {
  counter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.${counter}.tmp`);
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
  mkdirSync(dirname(target), { recursive: true });
  const tmp = temporaryPathFor(target);
  try {
    const fd = openSync(tmp, 'w');
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
    throw error;
  }
}
