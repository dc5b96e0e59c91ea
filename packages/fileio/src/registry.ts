import { HttpBackend } from './backends/http';
import { LmdbBackend } from './backends/lmdb';
import { LocalBackend } from './backends/local';
import { MemoryBackend } from './backends/memory';
import type { StorageBackend, StorageBackendClass } from './backends/base';
import { didYouMean } from '@eng/internal';
import { FileIOError } from './errors';
import { parseUriPrefix } from './internal/uri';

/**
 * How to pick and build a backend, as MMEngine's `backend_args`: `backend` names a registered backend
 * (it wins over the URI's prefix); `pathMapping` rewrites paths before dispatch (each `from` is replaced by
 * its `to`, in order, first occurrence only, e.g. `{ 'data/': 's3://bucket/data/' }`); every other key is
 * passed to the backend's constructor (e.g. `{ dbPath }` for LMDB, `{ retries }` for HTTP).
 */
export interface BackendArgs {
  backend?: string;
  pathMapping?: Record<string, string>;
  [arg: string]: unknown;
}

export interface RegisterBackendOptions {
  /** URI prefixes (schemes) the backend serves, e.g. `'s3'` or `['http', 'https']`; `''` means plain paths. */
  prefixes?: string | readonly string[];
  /** Replace an existing registration of the same name or prefix instead of throwing. */
  force?: boolean;
}

export interface GetFileBackendOptions {
  backendArgs?: BackendArgs | undefined;
  /** Reuse the instance built earlier with equal arguments. Default `false` (the module-level functions use `true`). */
  enableSingleton?: boolean;
}

const backends = new Map<string, StorageBackendClass>();
const prefixToBackend = new Map<string, StorageBackendClass>();
const instances = new Map<StorageBackendClass, Map<string, StorageBackend>>();
let builtinsRegistered = false;

// Built-in backends are registered on first use rather than at import, so importing stays side-effect free.
function ensureBuiltins(): void {
  if (builtinsRegistered) return;
  builtinsRegistered = true;
  addBackend('local', LocalBackend, [''], false);
  addBackend('memory', MemoryBackend, ['memory'], false);
  addBackend('http', HttpBackend, ['http', 'https'], false);
  addBackend('lmdb', LmdbBackend, ['lmdb'], false);
}

function normalizePrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') {
    throw new FileIOError('INVALID_ARGUMENT', `A backend prefix must be a string, got ${typeof prefix}`);
  }
  return prefix.replace(/:(\/\/)?$/, '');
}

function addBackend(name: string, backend: StorageBackendClass, prefixes: readonly string[], force: boolean): void {
  if (!force) {
    if (backends.has(name)) {
      throw new FileIOError(
        'DUPLICATE_BACKEND',
        `'${name}' is already registered as a storage backend (${backends.get(name)!.name}); pass { force: true } to override it`,
      );
    }
    for (const prefix of prefixes) {
      if (prefixToBackend.has(prefix)) {
        throw new FileIOError(
          'DUPLICATE_PREFIX',
          `The prefix '${prefix}' is already served by ${prefixToBackend.get(prefix)!.name}; pass { force: true } to override it`,
        );
      }
    }
  }
  backends.set(name, backend);
  for (const prefix of prefixes) prefixToBackend.set(prefix, backend);
}

/**
 * Registers a storage backend class under `name`, and optionally as the handler of URI `prefixes`.
 * The class is constructed with the backend arguments (see {@link BackendArgs}). Without `backend`,
 * returns a class decorator.
 *
 * @example
 * ```ts
 * class S3Backend extends BaseStorageBackend {
 *   override async get(uri: string) { ... }
 * }
 * registerBackend('s3', S3Backend, { prefixes: 's3' });
 * await get('s3://bucket/key');
 * ```
 */
export function registerBackend(name: string, backend: StorageBackendClass, options?: RegisterBackendOptions): void;
export function registerBackend(
  name: string,
  backend?: undefined,
  options?: RegisterBackendOptions,
): <C extends StorageBackendClass>(cls: C, context?: ClassDecoratorContext) => C;
export function registerBackend(
  name: string,
  backend?: StorageBackendClass,
  options: RegisterBackendOptions = {},
): undefined | (<C extends StorageBackendClass>(cls: C, context?: ClassDecoratorContext) => C) {
  if (backend === undefined) {
    return (cls) => {
      registerBackend(name, cls, options);
      return cls;
    };
  }
  ensureBuiltins();
  if (typeof name !== 'string' || name === '') {
    throw new FileIOError('INVALID_ARGUMENT', `The backend name should be a non-empty string, got ${String(name)}`);
  }
  if (typeof backend !== 'function' || typeof backend.prototype?.get !== 'function') {
    throw new FileIOError(
      'INVALID_ARGUMENT',
      `The backend '${name}' should be a class whose instances implement StorageBackend (at least get), got ${typeof backend}`,
    );
  }
  const { prefixes = [], force = false } = options;
  if (typeof prefixes !== 'string' && !Array.isArray(prefixes)) {
    throw new FileIOError(
      'INVALID_ARGUMENT',
      `prefixes must be a string or an array of strings, got ${typeof prefixes}`,
    );
  }
  const list = (typeof prefixes === 'string' ? [prefixes] : prefixes).map(normalizePrefix);
  addBackend(name, backend, list, force);
}

/** Registered backends and the prefixes that reach them. */
export function listBackends(): Array<{ name: string; backend: StorageBackendClass; prefixes: string[] }> {
  ensureBuiltins();
  return [...backends].map(([name, backend]) => ({
    name,
    backend,
    prefixes: [...prefixToBackend].filter(([, b]) => b === backend).map(([p]) => p),
  }));
}

/** Applies `pathMapping` (MMEngine's Petrel `path_mapping`, here for every backend). */
export function mapPath(uri: string, pathMapping: Record<string, string> | undefined): string {
  if (!pathMapping) return uri;
  for (const [from, to] of Object.entries(pathMapping)) uri = uri.replace(from, to);
  return uri;
}

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A stable key for backend arguments: sorted plain data, identity for functions and class instances. */
function argsKey(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') {
      if (!ids.has(value)) ids.set(value, nextId++);
      return `#fn${ids.get(value)}`;
    }
    return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  }
  if (Array.isArray(value)) return `[${value.map(argsKey).join(',')}]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (!ids.has(value)) ids.set(value, nextId++);
    return `#obj${ids.get(value)}`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${argsKey(v)}`).join(',')}}`;
}

/**
 * The backend for `uri` (by its prefix) or for `backendArgs.backend`, built with the other backend arguments:
 * MMEngine's `get_file_backend`.
 *
 * @example
 * ```ts
 * getFileBackend('https://host/a.json');                 // HttpBackend
 * getFileBackend(undefined, { backendArgs: { backend: 'local' } }); // LocalBackend
 * ```
 */
export function getFileBackend(uri?: string, options: GetFileBackendOptions = {}): StorageBackend {
  ensureBuiltins();
  const { backendArgs = {}, enableSingleton = false } = options;
  const { backend: name, pathMapping, ...args } = backendArgs;
  let cls: StorageBackendClass | undefined;
  if (name !== undefined) {
    cls = backends.get(name);
    if (!cls) {
      const hint = didYouMean(name, backends.keys());
      throw new FileIOError(
        'UNKNOWN_BACKEND',
        `No storage backend named '${name}'; registered: ${[...backends.keys()].join(', ')}.${hint && ` ${hint}`}`,
      );
    }
  } else {
    if (uri === undefined) {
      throw new FileIOError('INVALID_ARGUMENT', 'uri should not be undefined when "backend" is not in backendArgs');
    }
    const prefix = parseUriPrefix(mapPath(uri, pathMapping));
    cls = prefixToBackend.get(prefix);
    if (!cls) {
      const known = [...prefixToBackend.keys()].filter(Boolean);
      const hint = didYouMean(prefix, known);
      throw new FileIOError(
        'UNKNOWN_PREFIX',
        `No storage backend serves '${prefix}://' (in '${uri}'); known prefixes: ${known.map((p) => `${p}://`).join(', ')}.` +
          `${hint && ` ${hint}`} Register one with registerBackend(name, Backend, { prefixes: '${prefix}' }).`,
        { uri },
      );
    }
  }
  if (!enableSingleton) return new cls(args);
  let cache = instances.get(cls);
  if (!cache) instances.set(cls, (cache = new Map()));
  const key = argsKey(args);
  let instance = cache.get(key);
  if (!instance) cache.set(key, (instance = new cls(args)));
  return instance;
}

/** Closes and forgets every cached backend instance (open LMDB environments, for example). */
export async function resetBackendInstances(): Promise<void> {
  const all = [...instances.values()].flatMap((m) => [...m.values()]);
  instances.clear();
  await Promise.all(all.map((b) => b.close?.()));
}
