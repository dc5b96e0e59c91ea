import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { type DataSource, writeFileAtomic } from '../atomic';
import { FileIOError } from '../errors';
import { fsError } from '../internal/fs-errors';
import { decodeText, encodeText } from '../internal/text';
import { joinUri, uriBasename } from '../internal/uri';

export interface TextOptions {
  /** Text encoding. Default `'utf-8'`. */
  encoding?: string;
}

/** A file read as a stream of chunks: `size` is its length in bytes when the backend knows it up front. */
export interface ByteStream {
  size: number | undefined;
  chunks: AsyncIterable<Uint8Array>;
  /** Releases what the stream holds (an HTTP connection) when it will not be read to the end. */
  cancel?(): Promise<void>;
}

/** A whole buffer as a one-chunk stream (for backends that cannot stream). */
export function oneChunk(data: Uint8Array): ByteStream {
  return {
    size: data.byteLength,
    chunks: (async function* () {
      yield data;
    })(),
  };
}

export interface ListDirOrFileOptions {
  /** List directories. Default `true`. */
  listDir?: boolean;
  /** List files. Default `true`. */
  listFile?: boolean;
  /** Only files whose name ends with this suffix (or one of these). Needs `listDir: false`. */
  suffix?: string | readonly string[];
  /** Descend into sub-directories. Default `false`. */
  recursive?: boolean;
}

/**
 * The operations every storage backend offers (MMEngine's `BaseStorageBackend` API, camelCase and async).
 * Paths returned by `listDirOrFile` are relative to the listed directory. Backends that cannot do an
 * operation throw a `FileIOError` with code `NOT_SUPPORTED` (or `READ_ONLY` for writes on read-only stores).
 */
export interface StorageBackend {
  /** The backend's name, e.g. `'LocalBackend'`. */
  readonly name: string;
  get(uri: string): Promise<Uint8Array>;
  /**
   * Reads a file chunk by chunk (large downloads, progress bars). Optional for a backend written from scratch:
   * `getStream` in `@eng/fileio` falls back to one `get`.
   */
  getStream?(uri: string): Promise<ByteStream>;
  getText(uri: string, options?: TextOptions): Promise<string>;
  /** Writes bytes (or chunks); creates missing parent directories. */
  put(data: DataSource, uri: string): Promise<void>;
  putText(text: string, uri: string, options?: TextOptions): Promise<void>;
  exists(uri: string): Promise<boolean>;
  isDir(uri: string): Promise<boolean>;
  isFile(uri: string): Promise<boolean>;
  joinPath(base: string, ...parts: string[]): string;
  /**
   * Calls `fn` with a path on the local disk holding the file's content. Remote backends download to a
   * temporary file that is removed once `fn` settles; the local backend passes the path itself.
   */
  getLocalPath<T>(uri: string, fn: (localPath: string) => T | Promise<T>): Promise<Awaited<T>>;
  /** Removes one file (not a directory). */
  remove(uri: string): Promise<void>;
  /** Removes a directory and everything under it. */
  rmtree(uri: string): Promise<void>;
  /** Copies a file; if `dst` is a directory the file keeps its name inside it. Returns the destination. */
  copyfile(src: string, dst: string): Promise<string>;
  /** Copies a directory tree to `dst`, which must not exist. Returns the destination. */
  copytree(src: string, dst: string): Promise<string>;
  copyfileFromLocal(src: string, dst: string): Promise<string>;
  copyfileToLocal(src: string, dst: string): Promise<string>;
  copytreeFromLocal(src: string, dst: string): Promise<string>;
  copytreeToLocal(src: string, dst: string): Promise<string>;
  listDirOrFile(uri: string, options?: ListDirOrFileOptions): AsyncIterable<string>;
  /** Releases resources (open databases, connections). */
  close?(): void | Promise<void>;
}

/** A backend class as `registerBackend` takes it: constructed with the backend arguments. */
export type StorageBackendClass = new (args?: any) => StorageBackend;

export interface NormalizedListOptions {
  listDir: boolean;
  listFile: boolean;
  suffixes: readonly string[] | undefined;
  recursive: boolean;
}

/** Validates `listDirOrFile` options with MMEngine's rules. */
export function normalizeListOptions(options: ListDirOrFileOptions = {}): NormalizedListOptions {
  const { listDir = true, listFile = true, suffix, recursive = false } = options;
  if (listDir && suffix !== undefined) {
    throw new FileIOError('INVALID_ARGUMENT', '`suffix` should be undefined when `listDir` is true');
  }
  let suffixes: readonly string[] | undefined;
  if (suffix !== undefined) {
    suffixes = typeof suffix === 'string' ? [suffix] : suffix;
    if (!Array.isArray(suffixes) || suffixes.some((s) => typeof s !== 'string')) {
      throw new FileIOError('INVALID_ARGUMENT', '`suffix` must be a string or an array of strings');
    }
  }
  return { listDir, listFile, suffixes, recursive };
}

export function matchesSuffix(path: string, suffixes: readonly string[] | undefined): boolean {
  return suffixes === undefined || suffixes.some((s) => path.endsWith(s));
}

/** Files under a local directory, as paths relative to it with `/` separators. */
async function* walkLocalFiles(root: string, dir = root): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (info?.isDirectory()) yield* walkLocalFiles(root, full);
    else if (info?.isFile()) yield relative(root, full).split(sep).join('/');
  }
}

async function localIsDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Base class for storage backends: implement `get` (and whatever else the store can do); the rest have
 * working defaults built on those (`getText`, `putText`, `getLocalPath`, the local copies) or throw
 * `NOT_SUPPORTED`.
 *
 * @example
 * ```ts
 * class StaticBackend extends BaseStorageBackend {
 *   override async get(uri: string) {
 *     return new TextEncoder().encode(`content of ${uri}`);
 *   }
 * }
 * registerBackend('static', StaticBackend, { prefixes: 'static' });
 * await getText('static://a'); // 'content of static://a'
 * ```
 */
export abstract class BaseStorageBackend implements StorageBackend {
  get name(): string {
    return this.constructor.name;
  }

  abstract get(uri: string): Promise<Uint8Array>;

  /** The whole file as one chunk; backends that can stream (local files, HTTP) override it. */
  async getStream(uri: string): Promise<ByteStream> {
    return oneChunk(await this.get(uri));
  }

  async getText(uri: string, options: TextOptions = {}): Promise<string> {
    return decodeText(await this.get(uri), options.encoding);
  }

  protected unsupported(operation: string, uri?: string): never {
    const where = uri === undefined ? '' : ` (on '${uri}')`;
    throw new FileIOError('NOT_SUPPORTED', `${this.name} does not support ${operation}${where}`, { uri });
  }

  async put(_data: DataSource, uri: string): Promise<void> {
    this.unsupported('put', uri);
  }

  async putText(text: string, uri: string, options: TextOptions = {}): Promise<void> {
    await this.put(encodeText(text, options.encoding), uri);
  }

  async exists(uri: string): Promise<boolean> {
    this.unsupported('exists', uri);
  }

  async isDir(uri: string): Promise<boolean> {
    this.unsupported('isDir', uri);
  }

  async isFile(uri: string): Promise<boolean> {
    this.unsupported('isFile', uri);
  }

  joinPath(base: string, ...parts: string[]): string {
    return joinUri(base, ...parts);
  }

  async getLocalPath<T>(uri: string, fn: (localPath: string) => T | Promise<T>): Promise<Awaited<T>> {
    const data = await this.get(uri);
    const dir = await mkdtemp(join(tmpdir(), 'eng-fileio-'));
    try {
      const localPath = join(dir, uriBasename(uri) || 'file');
      await writeFileAtomic(localPath, data, { fsync: false });
      return await fn(localPath);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async remove(uri: string): Promise<void> {
    this.unsupported('remove', uri);
  }

  async rmtree(uri: string): Promise<void> {
    this.unsupported('rmtree', uri);
  }

  async copyfile(src: string, _dst: string): Promise<string> {
    this.unsupported('copyfile', src);
  }

  async copytree(src: string, _dst: string): Promise<string> {
    this.unsupported('copytree', src);
  }

  /** Where a copy of a file named like `src` lands when `dst` may be a directory of this backend. */
  protected async fileTarget(srcName: string, dst: string): Promise<string> {
    const dstIsDir = await this.isDir(dst).catch(() => false);
    return dstIsDir ? this.joinPath(dst, srcName) : dst;
  }

  async copyfileFromLocal(src: string, dst: string): Promise<string> {
    let data: Uint8Array;
    try {
      data = await readFile(src);
    } catch (err) {
      throw fsError(err, src, 'read');
    }
    const target = await this.fileTarget(basename(src), dst);
    await this.put(data, target);
    return target;
  }

  async copyfileToLocal(src: string, dst: string): Promise<string> {
    const target = (await localIsDir(dst)) ? join(dst, uriBasename(src)) : dst;
    await writeFileAtomic(target, await this.get(src));
    return target;
  }

  async copytreeFromLocal(src: string, dst: string): Promise<string> {
    if (!(await localIsDir(src))) {
      throw new FileIOError('NOT_A_DIRECTORY', `Cannot copy '${src}': it is not a local directory`, { uri: src });
    }
    if (await this.exists(dst)) {
      throw new FileIOError('ALREADY_EXISTS', `Cannot copy a tree to '${dst}': it already exists`, { uri: dst });
    }
    for await (const rel of walkLocalFiles(src)) {
      await this.put(await readFile(join(src, ...rel.split('/'))), this.joinPath(dst, rel));
    }
    return dst;
  }

  async copytreeToLocal(src: string, dst: string): Promise<string> {
    if (!(await this.isDir(src))) {
      throw new FileIOError('NOT_A_DIRECTORY', `Cannot copy '${src}': it is not a directory`, { uri: src });
    }
    if (await stat(dst).catch(() => undefined)) {
      throw new FileIOError('ALREADY_EXISTS', `Cannot copy a tree to '${dst}': it already exists`, { uri: dst });
    }
    await mkdir(dst, { recursive: true });
    for await (const rel of this.listDirOrFile(src, { listDir: false, recursive: true })) {
      await writeFileAtomic(join(dst, ...rel.split('/')), await this.get(this.joinPath(src, rel)), { fsync: false });
    }
    return dst;
  }

  // biome-ignore lint/correctness/useYield: the default only reports that listing is unsupported
  async *listDirOrFile(uri: string, _options?: ListDirOrFileOptions): AsyncGenerator<string> {
    this.unsupported('listDirOrFile', uri);
  }
}
