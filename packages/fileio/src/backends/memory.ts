import { type DataSource, collectBytes } from '../atomic';
import { FileIOError } from '../errors';
import { splitScheme } from '../internal/uri';
import { BaseStorageBackend, type ListDirOrFileOptions, matchesSuffix, normalizeListOptions } from './base';

const stores = new Map<string, Map<string, Uint8Array>>();

function storeFor(namespace: string): Map<string, Uint8Array> {
  let store = stores.get(namespace);
  if (!store) stores.set(namespace, (store = new Map()));
  return store;
}

/** `memory://a//b/` -> `a/b`; the root is `''`. */
function keyOf(uri: string): string {
  return splitScheme(uri)[1].split('/').filter(Boolean).join('/');
}

interface TreeNode {
  children: Map<string, TreeNode>;
  file: boolean;
}

/**
 * An in-process object store addressed as `memory://some/key`, for tests and scratch data. Directories are
 * implied by keys (`memory://a/b` makes `memory://a` a directory). Backends built with the same `namespace`
 * (default `'default'`) share their content, so every `memory://` call in a process sees the same files.
 * Stored bytes are copies: changing a buffer after `put` or after `get` does not change the store.
 *
 * @example
 * ```ts
 * await putText('{"a": 1}', 'memory://cfg/a.json');
 * await load('memory://cfg/a.json'); // { a: 1 }
 * ```
 */
export class MemoryBackend extends BaseStorageBackend {
  readonly namespace: string;
  private readonly _store: Map<string, Uint8Array>;

  constructor(args: { namespace?: string } = {}) {
    super();
    this.namespace = args.namespace ?? 'default';
    this._store = storeFor(this.namespace);
  }

  /** Forgets every file of this backend's namespace. */
  clear(): void {
    this._store.clear();
  }

  private _hasDir(key: string): boolean {
    if (key === '') return true;
    const prefix = `${key}/`;
    for (const k of this._store.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  override async get(uri: string): Promise<Uint8Array> {
    const key = keyOf(uri);
    const value = this._store.get(key);
    if (value) return value.slice();
    if (this._hasDir(key)) throw new FileIOError('IS_A_DIRECTORY', `Cannot read '${uri}': it is a directory`, { uri });
    throw new FileIOError('NOT_FOUND', `Cannot read '${uri}': no such file in memory namespace '${this.namespace}'`, {
      uri,
    });
  }

  override async put(data: DataSource, uri: string): Promise<void> {
    const key = keyOf(uri);
    if (key === '' || this._hasDir(key)) {
      throw new FileIOError('IS_A_DIRECTORY', `Cannot write '${uri}': it is a directory`, { uri });
    }
    const segments = key.split('/');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (this._store.has(parent)) {
        throw new FileIOError('NOT_A_DIRECTORY', `Cannot write '${uri}': '${parent}' is a file`, { uri });
      }
    }
    // Collect everything first: a source that fails part way leaves the old value in place.
    const bytes = await collectBytes(data);
    this._store.set(key, bytes);
  }

  override async exists(uri: string): Promise<boolean> {
    const key = keyOf(uri);
    return this._store.has(key) || this._hasDir(key);
  }

  override async isDir(uri: string): Promise<boolean> {
    return this._hasDir(keyOf(uri));
  }

  override async isFile(uri: string): Promise<boolean> {
    return this._store.has(keyOf(uri));
  }

  override async remove(uri: string): Promise<void> {
    const key = keyOf(uri);
    if (this._store.delete(key)) return;
    if (this._hasDir(key)) {
      throw new FileIOError('IS_A_DIRECTORY', `Cannot remove '${uri}': it is a directory (use rmtree)`, { uri });
    }
    throw new FileIOError('NOT_FOUND', `Cannot remove '${uri}': it does not exist`, { uri });
  }

  override async rmtree(uri: string): Promise<void> {
    const key = keyOf(uri);
    if (key !== '' && !this._hasDir(key)) {
      const code = this._store.has(key) ? 'NOT_A_DIRECTORY' : 'NOT_FOUND';
      throw new FileIOError(code, `Cannot remove the tree '${uri}': it is not an existing directory`, { uri });
    }
    const prefix = key === '' ? '' : `${key}/`;
    for (const k of [...this._store.keys()]) if (k.startsWith(prefix)) this._store.delete(k);
  }

  override async copyfile(src: string, dst: string): Promise<string> {
    const data = await this.get(src);
    const target = await this.fileTarget(keyOf(src).split('/').at(-1)!, dst);
    if (keyOf(target) === keyOf(src)) {
      throw new FileIOError('SAME_FILE', `Cannot copy '${src}' to '${target}': they are the same file`, { uri: src });
    }
    await this.put(data, target);
    return target;
  }

  override async copytree(src: string, dst: string): Promise<string> {
    const from = keyOf(src);
    if (!this._hasDir(from)) {
      const code = this._store.has(from) ? 'NOT_A_DIRECTORY' : 'NOT_FOUND';
      throw new FileIOError(code, `Cannot copy the tree '${src}': it is not an existing directory`, { uri: src });
    }
    if (await this.exists(dst)) {
      throw new FileIOError('ALREADY_EXISTS', `Cannot copy the tree '${src}' to '${dst}': it already exists`, {
        uri: dst,
      });
    }
    const prefix = from === '' ? '' : `${from}/`;
    for (const [k, v] of [...this._store]) {
      if (k.startsWith(prefix)) await this.put(v.slice(), this.joinPath(dst, k.slice(prefix.length)));
    }
    return dst;
  }

  override async *listDirOrFile(uri: string, options?: ListDirOrFileOptions): AsyncGenerator<string> {
    const { listDir, listFile, suffixes, recursive } = normalizeListOptions(options);
    const key = keyOf(uri);
    if (!this._hasDir(key)) {
      const code = this._store.has(key) ? 'NOT_A_DIRECTORY' : 'NOT_FOUND';
      throw new FileIOError(code, `Cannot list '${uri}': it is not an existing directory`, { uri });
    }
    const root: TreeNode = { children: new Map(), file: false };
    const prefix = key === '' ? '' : `${key}/`;
    for (const k of this._store.keys()) {
      if (!k.startsWith(prefix)) continue;
      let node = root;
      for (const segment of k.slice(prefix.length).split('/')) {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { children: new Map(), file: false }));
        node = child;
      }
      node.file = true;
    }
    function* walk(node: TreeNode, base: string): Generator<string> {
      for (const name of [...node.children.keys()].sort()) {
        const child = node.children.get(name)!;
        const rel = base === '' ? name : `${base}/${name}`;
        if (child.file) {
          if (listFile && matchesSuffix(rel, suffixes)) yield rel;
        } else {
          if (listDir) yield rel;
          if (recursive) yield* walk(child, rel);
        }
      }
    }
    yield* walk(root, '');
  }
}
