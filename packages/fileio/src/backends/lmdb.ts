import { stat } from 'node:fs/promises';
import { FileIOError } from '../errors';
import { splitScheme } from '../internal/uri';
import { BaseStorageBackend } from './base';

export interface LmdbBackendArgs {
  /** Path of the LMDB environment (a directory holding `data.mdb`, as Python's `lmdb` creates it). */
  dbPath: string;
  /** Let the OS read ahead; off by default, which helps random reads of databases larger than RAM. */
  readahead?: boolean;
  /** `dbPath` is a directory (true, the default, like py-lmdb) or the data file itself (false). */
  subdir?: boolean;
  /** Further options for the `lmdb` package's `open` (e.g. `mapSize`). */
  openOptions?: Record<string, unknown>;
}

/** The part of the `lmdb` package this backend uses. */
interface LmdbDatabase {
  get(key: Uint8Array): Uint8Array | undefined;
  doesExist(key: Uint8Array): boolean;
  close(): Promise<void> | void;
}
interface LmdbModule {
  open(options: Record<string, unknown>): LmdbDatabase;
}

/**
 * Read-only LMDB databases, through the optional peer dependency `lmdb` (prebuilt binaries; loaded on
 * first use). The path of a file is its key: `lmdb://baboon` or, with `backendArgs: { backend: 'lmdb' }`,
 * just `baboon`. Keys are raw UTF-8 bytes, so databases written by Python's `lmdb` read as they are.
 *
 * @example
 * ```ts
 * const bytes = await get('lmdb://baboon', { backendArgs: { dbPath: 'data/demo.lmdb' } });
 * ```
 */
export class LmdbBackend extends BaseStorageBackend {
  /** How the `lmdb` package is loaded; replaceable in a subclass (tests use this to simulate its absence). */
  static importLmdb: () => Promise<unknown> = () => import('lmdb');

  readonly dbPath: string;
  readonly readahead: boolean;
  readonly subdir: boolean;
  private readonly _openOptions: Record<string, unknown>;
  private _client: Promise<LmdbDatabase> | undefined;

  constructor(args: LmdbBackendArgs) {
    super();
    if (typeof args?.dbPath !== 'string' || args.dbPath === '') {
      throw new FileIOError(
        'INVALID_ARGUMENT',
        "LmdbBackend needs the database path: pass backendArgs such as { backend: 'lmdb', dbPath: 'data/train.lmdb' }",
      );
    }
    this.dbPath = args.dbPath;
    this.readahead = args.readahead ?? false;
    this.subdir = args.subdir ?? true;
    this._openOptions = { ...args.openOptions };
  }

  private async _open(): Promise<LmdbDatabase> {
    // Checked first: lmdb would otherwise create an empty directory for a read-only database that is not there.
    if (!(await stat(this.dbPath).catch(() => undefined))) {
      throw new FileIOError('NOT_FOUND', `The LMDB database '${this.dbPath}' does not exist`, { uri: this.dbPath });
    }
    const ctor = this.constructor as typeof LmdbBackend;
    let mod: LmdbModule;
    try {
      const imported = (await ctor.importLmdb()) as LmdbModule & { default?: LmdbModule };
      mod = typeof imported.open === 'function' ? imported : imported.default!;
    } catch (cause) {
      throw new FileIOError(
        'MISSING_PEER',
        'LmdbBackend needs the optional peer dependency `lmdb`, which could not be loaded: run `npm install lmdb`',
        { cause },
      );
    }
    try {
      return mod.open({
        path: this.dbPath,
        readOnly: true,
        noReadAhead: !this.readahead,
        noSubdir: !this.subdir,
        keyEncoding: 'binary',
        encoding: 'binary',
        ...this._openOptions,
      });
    } catch (cause) {
      throw new FileIOError('NOT_FOUND', `Cannot open the LMDB database '${this.dbPath}'`, { uri: this.dbPath, cause });
    }
  }

  private _db(): Promise<LmdbDatabase> {
    this._client ??= this._open().catch((err: unknown) => {
      this._client = undefined;
      throw err;
    });
    return this._client;
  }

  private _key(uri: string): Uint8Array {
    return new TextEncoder().encode(splitScheme(uri)[1]);
  }

  override async get(uri: string): Promise<Uint8Array> {
    const value = (await this._db()).get(this._key(uri));
    if (value === undefined) {
      throw new FileIOError('NOT_FOUND', `Key '${splitScheme(uri)[1]}' is not in the LMDB database '${this.dbPath}'`, {
        uri,
      });
    }
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  }

  override async exists(uri: string): Promise<boolean> {
    return (await this._db()).doesExist(this._key(uri));
  }

  override isFile(uri: string): Promise<boolean> {
    return this.exists(uri);
  }

  override async isDir(_uri: string): Promise<boolean> {
    return false;
  }

  /** MMEngine's LMDB backend is read-only, and so is this one. */
  override async put(_data: unknown, uri: string): Promise<void> {
    throw new FileIOError('READ_ONLY', `LmdbBackend is read-only: cannot write '${uri}' into '${this.dbPath}'`, {
      uri,
    });
  }

  async close(): Promise<void> {
    const client = this._client;
    this._client = undefined;
    if (client) await (await client).close();
  }
}
