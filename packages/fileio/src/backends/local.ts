import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, realpath, rm, stat, symlink, unlink } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { type DataSource, writeFileAtomic } from '../atomic';
import { FileIOError } from '../errors';
import { fsError } from '../internal/fs-errors';
import { decodeText } from '../internal/text';
import {
  BaseStorageBackend,
  type ByteStream,
  type ListDirOrFileOptions,
  matchesSuffix,
  normalizeListOptions,
  type TextOptions,
} from './base';

async function statOrUndefined(path: string) {
  return stat(path).catch(() => undefined);
}

/**
 * The local disk. Writes are atomic (temporary file beside the target, flushed, then renamed), so a crash or
 * an error part way never leaves half a file behind.
 *
 * @example
 * ```ts
 * const disk = new LocalBackend();
 * await disk.putText('hello', '/tmp/eng-demo/a.txt');
 * await disk.getText('/tmp/eng-demo/a.txt'); // 'hello'
 * ```
 */
export class LocalBackend extends BaseStorageBackend {
  /** Flush writes to disk before renaming them into place. Default `true`. */
  readonly fsync: boolean;

  constructor(args: { fsync?: boolean } = {}) {
    super();
    this.fsync = args.fsync ?? true;
  }

  override async get(uri: string): Promise<Uint8Array> {
    try {
      const buf = await readFile(uri);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      throw fsError(err, uri, 'read');
    }
  }

  override async getStream(uri: string): Promise<ByteStream> {
    let size: number;
    try {
      const info = await stat(uri);
      if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${uri}`), { code: 'EISDIR' });
      size = info.size;
    } catch (err) {
      throw fsError(err, uri, 'read');
    }
    async function* chunks(): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of createReadStream(uri) as AsyncIterable<Buffer>) {
          yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        }
      } catch (err) {
        throw fsError(err, uri, 'read');
      }
    }
    return { size, chunks: chunks() };
  }

  override async getText(uri: string, options: TextOptions = {}): Promise<string> {
    return decodeText(await this.get(uri), options.encoding);
  }

  override async put(data: DataSource, uri: string): Promise<void> {
    await writeFileAtomic(uri, data, { fsync: this.fsync });
  }

  override async putText(text: string, uri: string, options: TextOptions = {}): Promise<void> {
    await writeFileAtomic(uri, text, { fsync: this.fsync, encoding: options.encoding ?? 'utf-8' });
  }

  override async exists(uri: string): Promise<boolean> {
    return (await statOrUndefined(uri)) !== undefined;
  }

  override async isDir(uri: string): Promise<boolean> {
    return (await statOrUndefined(uri))?.isDirectory() ?? false;
  }

  override async isFile(uri: string): Promise<boolean> {
    return (await statOrUndefined(uri))?.isFile() ?? false;
  }

  /**
   * `node:path`'s `join`, except that an absolute part starts the path afresh, as Python's `os.path.join` (which
   * MMEngine uses) does: `joinPath('work_dirs', '/data/ckpt.pth')` is `/data/ckpt.pth`.
   */
  override joinPath(base: string, ...parts: string[]): string {
    let from = -1;
    for (let i = parts.length - 1; i >= 0; i--) {
      if (isAbsolute(parts[i] as string)) {
        from = i;
        break;
      }
    }
    return from < 0 ? join(base, ...parts) : join(...parts.slice(from));
  }

  override async getLocalPath<T>(uri: string, fn: (localPath: string) => T | Promise<T>): Promise<Awaited<T>> {
    return await fn(uri);
  }

  override async remove(uri: string): Promise<void> {
    const info = await lstat(uri).catch(() => undefined);
    if (!info) throw new FileIOError('NOT_FOUND', `Cannot remove '${uri}': it does not exist`, { uri });
    if (info.isDirectory()) {
      throw new FileIOError('IS_A_DIRECTORY', `Cannot remove '${uri}': it is a directory (use rmtree)`, { uri });
    }
    await unlink(uri).catch((err: unknown) => {
      throw fsError(err, uri, 'remove');
    });
  }

  override async rmtree(uri: string): Promise<void> {
    const info = await lstat(uri).catch(() => undefined);
    if (!info) throw new FileIOError('NOT_FOUND', `Cannot remove the tree '${uri}': it does not exist`, { uri });
    if (!info.isDirectory()) {
      throw new FileIOError('NOT_A_DIRECTORY', `Cannot remove the tree '${uri}': it is not a directory`, { uri });
    }
    await rm(uri, { recursive: true });
  }

  override async copyfile(src: string, dst: string): Promise<string> {
    const from = await statOrUndefined(src);
    if (!from) throw new FileIOError('NOT_FOUND', `Cannot copy '${src}': it does not exist`, { uri: src });
    if (from.isDirectory()) {
      throw new FileIOError('IS_A_DIRECTORY', `Cannot copy '${src}' as a file: it is a directory (use copytree)`, {
        uri: src,
      });
    }
    const target = (await this.isDir(dst)) ? join(dst, basename(src)) : dst;
    const to = await statOrUndefined(target);
    if (to && to.dev === from.dev && to.ino === from.ino) {
      throw new FileIOError('SAME_FILE', `Cannot copy '${src}' to '${target}': they are the same file`, { uri: src });
    }
    await writeFileAtomic(target, createReadStream(src), { fsync: this.fsync });
    return target;
  }

  override async copytree(src: string, dst: string): Promise<string> {
    if (!(await this.isDir(src))) {
      const code = (await this.exists(src)) ? 'NOT_A_DIRECTORY' : 'NOT_FOUND';
      throw new FileIOError(code, `Cannot copy the tree '${src}': it is not an existing directory`, { uri: src });
    }
    if (await this.exists(dst)) {
      throw new FileIOError('ALREADY_EXISTS', `Cannot copy the tree '${src}' to '${dst}': it already exists`, {
        uri: dst,
      });
    }
    await copyDirectory(src, dst);
    return dst;
  }

  override copyfileFromLocal(src: string, dst: string): Promise<string> {
    return this.copyfile(src, dst);
  }

  override copyfileToLocal(src: string, dst: string): Promise<string> {
    return this.copyfile(src, dst);
  }

  override copytreeFromLocal(src: string, dst: string): Promise<string> {
    return this.copytree(src, dst);
  }

  override copytreeToLocal(src: string, dst: string): Promise<string> {
    return this.copytree(src, dst);
  }

  /**
   * Creates a symbolic link `dst` pointing to `src`; where links cannot be made, copies `src` instead.
   * Returns `true` when a link was made.
   */
  async copyIfSymlinkFails(src: string, dst: string): Promise<boolean> {
    const srcIsDir = await this.isDir(src);
    try {
      await symlink(src, dst, srcIsDir ? 'junction' : 'file');
      return true;
    } catch {
      if (srcIsDir) await this.copytree(src, dst);
      else await this.copyfile(src, dst);
      return false;
    }
  }

  /** Lists like MMEngine: hidden files (names starting with `.`) are skipped, directories are not. */
  override async *listDirOrFile(uri: string, options?: ListDirOrFileOptions): AsyncGenerator<string> {
    const { listDir, listFile, suffixes, recursive } = normalizeListOptions(options);
    const seen = new Set<string>();
    async function* scan(dir: string): AsyncGenerator<string> {
      const real = await realpath(dir).catch(() => dir);
      if (seen.has(real)) return; // a symlink cycle
      seen.add(real);
      let entries: string[];
      try {
        entries = (await readdir(dir)).sort();
      } catch (err) {
        throw fsError(err, dir, 'list');
      }
      for (const name of entries) {
        const full = join(dir, name);
        const info = await statOrUndefined(full);
        if (!info) continue;
        const rel = relative(uri, full);
        if (info.isFile()) {
          if (!name.startsWith('.') && listFile && matchesSuffix(rel, suffixes)) yield rel;
        } else if (info.isDirectory()) {
          if (listDir) yield rel;
          if (recursive) yield* scan(full);
        }
      }
    }
    yield* scan(uri);
  }
}

async function copyDirectory(src: string, dst: string): Promise<void> {
  await mkdir(dst, { recursive: true });
  for (const name of await readdir(src)) {
    const from = join(src, name);
    const info = await statOrUndefined(from);
    if (info?.isDirectory()) await copyDirectory(from, join(dst, name));
    else if (info?.isFile()) await copyFile(from, join(dst, name));
  }
}
