import type { DataSource } from './atomic';
import { type ByteStream, type ListDirOrFileOptions, oneChunk, type StorageBackend } from './backends/base';
import { FileIOError } from './errors';
import { type BackendArgs, getFileBackend, mapPath } from './registry';

export interface IOOptions {
  /** Which backend to use and how to build it; see {@link BackendArgs}. */
  backendArgs?: BackendArgs | undefined;
}

export interface TextIOOptions extends IOOptions {
  /** Text encoding. Default `'utf-8'`. */
  encoding?: string;
}

/** The (cached) backend for a URI, and the URI after `pathMapping`. */
export function resolveBackend(uri: string, backendArgs?: BackendArgs): { backend: StorageBackend; uri: string } {
  return {
    backend: getFileBackend(uri, { backendArgs, enableSingleton: true }),
    uri: mapPath(uri, backendArgs?.pathMapping),
  };
}

/**
 * Reads a file as bytes from whichever backend serves its prefix.
 *
 * @example
 * ```ts
 * const bytes = await get('https://example.com/model.bin');
 * ```
 */
export async function get(uri: string, options: IOOptions = {}): Promise<Uint8Array> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.get(r.uri);
}

/**
 * Reads a file as a stream of chunks with its size when known (HTTP streams the body, local files are read in
 * chunks; a backend that cannot stream hands the whole file as one chunk).
 *
 * @example
 * ```ts
 * const { size, chunks } = await getStream('https://example.com/model.safetensors');
 * for await (const chunk of chunks) received += chunk.byteLength;
 * ```
 */
export async function getStream(uri: string, options: IOOptions = {}): Promise<ByteStream> {
  const r = resolveBackend(uri, options.backendArgs);
  if (typeof r.backend.getStream === 'function') return r.backend.getStream(r.uri);
  return oneChunk(await r.backend.get(r.uri));
}

/** Reads a file as text. */
export async function getText(uri: string, options: TextIOOptions = {}): Promise<string> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.getText(r.uri, { encoding: options.encoding ?? 'utf-8' });
}

/**
 * Writes bytes, a string, or an iterable of chunks (a Node stream works). Missing directories are created;
 * on the local disk the write is atomic.
 */
export async function put(data: DataSource, uri: string, options: IOOptions = {}): Promise<void> {
  const r = resolveBackend(uri, options.backendArgs);
  await r.backend.put(data, r.uri);
}

/** Writes text. */
export async function putText(text: string, uri: string, options: TextIOOptions = {}): Promise<void> {
  const r = resolveBackend(uri, options.backendArgs);
  await r.backend.putText(text, r.uri, { encoding: options.encoding ?? 'utf-8' });
}

export async function exists(uri: string, options: IOOptions = {}): Promise<boolean> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.exists(r.uri);
}

export async function isDir(uri: string, options: IOOptions = {}): Promise<boolean> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.isDir(r.uri);
}

export async function isFile(uri: string, options: IOOptions = {}): Promise<boolean> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.isFile(r.uri);
}

/**
 * Joins path segments the way the backend of `base` does: `node:path` for local paths, `/` for URIs.
 *
 * @example
 * ```ts
 * joinPath('memory://runs', 'exp1', 'log.json'); // 'memory://runs/exp1/log.json'
 * ```
 */
export function joinPath(base: string, ...parts: string[]): string {
  return getFileBackend(base, { enableSingleton: true }).joinPath(base, ...parts);
}

/**
 * Calls `fn` with a local path holding the file: the path itself on the local disk, otherwise a temporary
 * copy that is removed when `fn` settles (MMEngine's `with get_local_path(...)`).
 *
 * @example
 * ```ts
 * const size = await getLocalPath('https://host/w.bin', async (path) => (await stat(path)).size);
 * ```
 */
export async function getLocalPath<T>(
  uri: string,
  fn: (localPath: string) => T | Promise<T>,
  options: IOOptions = {},
): Promise<Awaited<T>> {
  const r = resolveBackend(uri, options.backendArgs);
  return r.backend.getLocalPath(r.uri, fn);
}

/** Removes a file; `NOT_FOUND` if it does not exist, `IS_A_DIRECTORY` for a directory. */
export async function remove(uri: string, options: IOOptions = {}): Promise<void> {
  const r = resolveBackend(uri, options.backendArgs);
  await r.backend.remove(r.uri);
}

/** Removes a directory and all it contains. */
export async function rmtree(uri: string, options: IOOptions = {}): Promise<void> {
  const r = resolveBackend(uri, options.backendArgs);
  await r.backend.rmtree(r.uri);
}

/** Copies a file within one backend; into `dst` when it is a directory. Returns the destination. */
export async function copyfile(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(src, options.backendArgs);
  return r.backend.copyfile(r.uri, mapPath(dst, options.backendArgs?.pathMapping));
}

/** Copies a directory tree within one backend; `dst` must not exist. Returns the destination. */
export async function copytree(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(src, options.backendArgs);
  return r.backend.copytree(r.uri, mapPath(dst, options.backendArgs?.pathMapping));
}

/** Uploads a local file to `dst` (on the backend of `dst`). */
export async function copyfileFromLocal(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(dst, options.backendArgs);
  return r.backend.copyfileFromLocal(src, r.uri);
}

/** Uploads a local directory tree to `dst` (on the backend of `dst`). */
export async function copytreeFromLocal(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(dst, options.backendArgs);
  return r.backend.copytreeFromLocal(src, r.uri);
}

/** Downloads `src` (on its backend) to the local path `dst`. */
export async function copyfileToLocal(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(src, options.backendArgs);
  return r.backend.copyfileToLocal(r.uri, dst);
}

/** Downloads the directory tree `src` (on its backend) to the local path `dst`. */
export async function copytreeToLocal(src: string, dst: string, options: IOOptions = {}): Promise<string> {
  const r = resolveBackend(src, options.backendArgs);
  return r.backend.copytreeToLocal(r.uri, dst);
}

/**
 * Links `dst` to `src`, or copies when links cannot be made (local disk only). Returns `true` for a link.
 */
export async function copyIfSymlinkFails(src: string, dst: string, options: IOOptions = {}): Promise<boolean> {
  const r = resolveBackend(src, options.backendArgs);
  const backend = r.backend as StorageBackend & { copyIfSymlinkFails?: (s: string, d: string) => Promise<boolean> };
  if (typeof backend.copyIfSymlinkFails !== 'function') {
    throw new FileIOError('NOT_SUPPORTED', `${backend.name} does not support copyIfSymlinkFails (on '${src}')`, {
      uri: src,
    });
  }
  return backend.copyIfSymlinkFails(r.uri, mapPath(dst, options.backendArgs?.pathMapping));
}

/**
 * The result of {@link listDirOrFile}: iterate it with `for await`, or `await` it for an array.
 * Nothing is read until one of those happens; errors surface there.
 */
export class DirListing implements AsyncIterable<string>, PromiseLike<string[]> {
  private readonly _source: () => AsyncIterable<string>;

  constructor(source: () => AsyncIterable<string>) {
    this._source = source;
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return this._source()[Symbol.asyncIterator]();
  }

  async toArray(): Promise<string[]> {
    const out: string[] = [];
    for await (const path of this._source()) out.push(path);
    return out;
  }

  /** Awaiting a listing gives the array. */
  then<R1 = string[], R2 = never>(
    onfulfilled?: ((value: string[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.toArray().then(onfulfilled, onrejected);
  }
}

/**
 * Lists the directories and/or files under `uri`, as paths relative to it.
 *
 * @example
 * ```ts
 * for await (const rel of listDirOrFile('data', { listDir: false, suffix: '.json', recursive: true })) {
 *   console.log(rel);
 * }
 * const top = await listDirOrFile('data'); // string[]
 * ```
 */
export function listDirOrFile(uri: string, options: ListDirOrFileOptions & IOOptions = {}): DirListing {
  const { backendArgs, ...listOptions } = options;
  return new DirListing(() => {
    const r = resolveBackend(uri, backendArgs);
    return r.backend.listDirOrFile(r.uri, listOptions);
  });
}
