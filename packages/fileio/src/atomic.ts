import { chmod, type FileHandle, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  realMkdirError,
  removeStaleTemporaries,
  temporaryPathFor,
  type WriteFileAtomicSyncOptions,
  writeFileAtomicSync as writeFileAtomicSyncImpl,
} from '@eng/internal/node';
import { FileIOError } from './errors';
import { fsError } from './internal/fs-errors';
import { encodeText } from './internal/text';

export type { WriteFileAtomicSyncOptions };

/** A chunk of data to write: bytes, or text encoded with the write's `encoding`. */
export type DataChunk = Uint8Array | string;

/**
 * What a `put` accepts: a whole buffer or string, or a (possibly async) iterable of chunks such as a Node
 * `Readable`. Chunks are streamed to disk; if the iterable throws part way, the write is abandoned.
 */
export type DataSource = DataChunk | Iterable<DataChunk> | AsyncIterable<DataChunk>;

export interface AtomicWriteOptions {
  /** Encoding of string chunks. Default `'utf-8'`. */
  encoding?: string;
  /** Flush the file (and, where possible, its directory) to disk before and after the rename. Default `true`. */
  fsync?: boolean;
}

function isChunk(value: unknown): value is DataChunk {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/** Iterates a DataSource as byte chunks. */
export async function* dataChunks(data: DataSource, encoding = 'utf-8'): AsyncGenerator<Uint8Array> {
  if (isChunk(data)) {
    yield typeof data === 'string' ? encodeText(data, encoding) : data;
    return;
  }
  if (data == null || (typeof data !== 'object' && typeof data !== 'function')) {
    throw new FileIOError('INVALID_ARGUMENT', `Data to write must be a Uint8Array, a string or an iterable of them`);
  }
  for await (const chunk of data as AsyncIterable<unknown>) {
    if (!isChunk(chunk)) {
      throw new FileIOError('INVALID_ARGUMENT', `A chunk of data to write must be a Uint8Array or a string`);
    }
    yield typeof chunk === 'string' ? encodeText(chunk, encoding) : chunk;
  }
}

/** Collects a DataSource into one buffer (for backends that store whole values). */
export async function collectBytes(data: DataSource, encoding = 'utf-8'): Promise<Uint8Array> {
  // new Uint8Array(...) copies; Buffer#slice would return a view
  if (data instanceof Uint8Array) return new Uint8Array(data);
  if (typeof data === 'string') return encodeText(data, encoding);
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of dataChunks(data, encoding)) {
    parts.push(chunk);
    size += chunk.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Writes a file so that readers see either the old content or the whole new content, never a part:
 * the data goes to a temporary file beside the target, which is flushed and then renamed over it.
 * Missing parent directories are created. If `data` throws part way, the temporary file is removed and
 * the previous file is left untouched. An existing target's permissions are kept.
 *
 * @example
 * ```ts
 * await writeFileAtomic('/tmp/eng/ckpt.json', JSON.stringify({ epoch: 3 }));
 * ```
 */
export async function writeFileAtomic(
  filePath: string,
  data: DataSource,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { encoding = 'utf-8', fsync = true } = options;
  // Write through a symlink to its target instead of replacing the link by a file.
  const target = await realpath(filePath).catch(() => filePath);
  const dir = dirname(target);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new FileIOError('NOT_A_DIRECTORY', `Cannot write '${filePath}': one of its parents is a file`, {
        uri: filePath,
        cause: err,
      });
    }
    throw fsError(realMkdirError(dir, err), filePath, 'create the parent directory of');
  }
  removeStaleTemporaries(dir);
  const previous = await stat(target).catch(() => undefined);
  if (previous?.isDirectory()) {
    throw new FileIOError('IS_A_DIRECTORY', `Cannot write '${filePath}': it is a directory`, { uri: filePath });
  }
  // A device, FIFO or socket cannot be replaced by a renamed file (that would delete it): write into it.
  if (previous !== undefined && !previous.isFile()) return writeInPlace(target, filePath, data, encoding);
  const { tmp, handle } = await openTemporary(target, filePath);
  let closed = false;
  let renamed = false;
  let readingSource = false;
  let sourceDone = false;
  const chunks = dataChunks(data, encoding);
  try {
    for (;;) {
      readingSource = true;
      const next = await chunks.next();
      readingSource = false;
      if (next.done) {
        sourceDone = true;
        break;
      }
      const chunk = next.value;
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    }
    if (fsync) await handle.sync();
    await handle.close();
    closed = true;
    if (previous) await chmod(tmp, previous.mode & 0o7777);
    await rename(tmp, target);
    renamed = true;
    if (fsync) await syncDirectory(dir);
  } catch (err) {
    // An error of the data source (a read stream that failed) is its own, not a failure to write `filePath`.
    throw readingSource ? err : fsError(err, filePath, 'write');
  } finally {
    // a write that failed leaves the source unread: close it (a stream's file, an HTTP body)
    if (!sourceDone) await chunks.return(undefined).catch(() => undefined);
    if (!closed) await handle.close().catch(() => undefined);
    if (!renamed) await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Writes `data` into an existing non-regular file (`/dev/null`, a FIFO) as it is. */
async function writeInPlace(target: string, filePath: string, data: DataSource, encoding: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, 'w');
    for await (const chunk of dataChunks(data, encoding)) {
      let offset = 0;
      while (offset < chunk.byteLength)
        offset += (await handle.write(chunk, offset, chunk.byteLength - offset)).bytesWritten;
    }
  } catch (err) {
    throw fsError(err, filePath, 'write');
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Creates the temporary file beside `target`, never opening an existing one. Another copy of this package in the
 * process (the ESM and the CJS build) counts its names separately, so a name already taken is retried with the
 * next one.
 */
async function openTemporary(target: string, filePath: string): Promise<{ tmp: string; handle: FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const tmp = temporaryPathFor(target);
    try {
      return { tmp, handle: await open(tmp, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 8) throw fsError(err, filePath, 'write');
    }
  }
}

/**
 * Writes a file synchronously so that readers see either the old content or the whole new content, never a
 * part: the data goes to a temporary file beside the target, which is flushed and then renamed over it.
 * Missing parent directories are created; on an error the temporary file is removed and the previous file is
 * left untouched. For callers that cannot await (a config's `dump`); errors are Node's own (`ENOENT`, `EISDIR`,
 * ...), and a symlink at `filePath` is replaced rather than written through.
 *
 * @example
 * ```ts
 * writeFileAtomicSync('/tmp/eng/config.json', JSON.stringify({ lr: 0.1 }));
 * ```
 */
export function writeFileAtomicSync(
  filePath: string,
  data: string | Uint8Array,
  options: WriteFileAtomicSyncOptions = {},
): void {
  writeFileAtomicSyncImpl(filePath, data, options);
}

/** Makes the rename durable; some platforms cannot open a directory for syncing, which is fine to skip. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
