// The weights cache: `$ENG_HOME/hub/<file name of the URL>`. A download streams through fileio into a temporary
// file beside the target while its sha256 is computed; a mismatch or a cut-short body throws inside the stream, so
// the atomic write is abandoned and nothing is left. Two processes fetching one file each write their own temporary
// file and rename it over the target: both end with one good copy.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStream, writeFileAtomic } from '@eng/fileio';
import { describeError } from '@eng/internal';
import { HubError } from './errors';
import { type DownloadProgress, progressFor } from './progress';

/** The hub's cache folder: `$ENG_HOME/hub`, where `ENG_HOME` defaults to `$XDG_CACHE_HOME/eng` or `~/.cache/eng`. */
export function hubCacheDir(): string {
  const engHome = process.env.ENG_HOME || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'eng');
  return join(resolve(engHome), 'hub');
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** A plain path or a file:// URL: read in place, never copied into the cache. */
export function isLocalUri(uri: string): boolean {
  const scheme = SCHEME.exec(uri)?.[1];
  return scheme === undefined || scheme.toLowerCase() === 'file';
}

/** The file name a URI is cached under: the last segment of its path (query and fragment left out). */
export function cacheFileName(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    path = uri.replace(/[?#].*$/, '');
  }
  const name = basename(path);
  if (!name || name === '.' || name === '..' || /[\\/\0]/.test(name)) {
    throw new HubError('BAD_PATH', `Cannot cache ${uri}: its path does not end in a file name`);
  }
  return name;
}

/** The sha256 of a file, as 64 lower-case hex digits. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface DownloadOptions {
  /** expected hex sha256: the file is checked against it (and fetched again when a cached copy fails the check) */
  sha256?: string | undefined;
  /** where to cache (default {@link hubCacheDir}) */
  cacheDir?: string | undefined;
  /** show a progress bar on stderr: default when stderr is a terminal and the file is over 1 MiB */
  progress?: boolean | undefined;
  /** fetch again when the check fails (a corrupted transfer): default 1 more attempt */
  retries?: number | undefined;
  /** names the model index entry in errors */
  source?: string | undefined;
}

interface CacheRecord {
  uri: string;
  size: number;
  sha256: string;
}

const recordPath = (file: string): string => join(file, '..', `.${basename(file)}.json`);

function readRecord(file: string): CacheRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath(file), 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
}

/**
 * Where the weights at `uri` are cached: `<cacheDir>/<file name of the URL>`, unless a file of that name came from
 * another URI (its record says so); then `<cacheDir>/<16 hex digits of the URI's sha256>/<file name>`, so that two
 * models whose URLs end alike never overwrite each other.
 */
export function cachePath(uri: string, cacheDir: string = hubCacheDir()): string {
  const name = cacheFileName(uri);
  const flat = join(cacheDir, name);
  const record = readRecord(flat);
  if (record === undefined || record.uri === uri) return flat;
  return join(cacheDir, createHash('sha256').update(uri).digest('hex').slice(0, 16), name);
}

/**
 * Whether the cache holds the weights at `uri` (with that sha256), by the record the download left beside the file;
 * nothing is hashed, so a file damaged since is only found out when it is used.
 */
export function isCached(
  uri: string,
  options: { sha256?: string | undefined; cacheDir?: string | undefined } = {},
): boolean {
  if (isLocalUri(uri)) return existsSync(uri.startsWith('file:') ? fileURLToPath(uri) : resolve(uri));
  const file = cachePath(uri, options.cacheDir);
  if (!existsSync(file)) return false;
  const record = readRecord(file);
  if (record === undefined) return true;
  return options.sha256 !== undefined ? record.sha256 === options.sha256.toLowerCase() : record.uri === uri;
}

/**
 * Whether the cached file (of this URI, as `cachePath` chose it) can be used without fetching it: with a checksum,
 * when it matches; without, always (a copy fetched from this URI, or one a user put there by hand).
 */
async function cachedCopyIsGood(file: string, sha256: string | undefined): Promise<boolean> {
  if (!existsSync(file)) return false;
  return sha256 === undefined || (await sha256OfFile(file)) === sha256;
}

/** Errors of a transfer that another attempt may not repeat: a body cut short, a checksum that does not match. */
const retriable = new WeakSet<object>();

function transferError(code: 'DOWNLOAD_FAILED' | 'CHECKSUM_MISMATCH', message: string, cause?: unknown): HubError {
  const error = new HubError(code, message, cause === undefined ? {} : { cause });
  retriable.add(error);
  return error;
}

async function fetchOnce(uri: string, file: string, options: DownloadOptions): Promise<CacheRecord> {
  let stream: Awaited<ReturnType<typeof getStream>>;
  try {
    stream = await getStream(uri);
  } catch (cause) {
    throw new HubError('DOWNLOAD_FAILED', `Cannot download ${uri}${where(options)}: ${describeError(cause)}`, {
      cause,
    });
  }
  const hash = createHash('sha256');
  const progress: DownloadProgress = progressFor(basename(file), stream.size, options.progress);
  let received = 0;
  let digest = '';
  let read = false;
  const expected = options.sha256;
  async function* checked(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of stream.chunks) {
        hash.update(chunk);
        received += chunk.byteLength;
        progress.update(received);
        yield chunk;
      }
    } catch (cause) {
      throw transferError(
        'DOWNLOAD_FAILED',
        `${uri}${where(options)}: the download broke off after ${received} bytes: ${describeError(cause)}`,
        cause,
      );
    }
    read = true;
    if (stream.size !== undefined && received !== stream.size) {
      throw transferError('DOWNLOAD_FAILED', `${uri}${where(options)}: received ${received} of ${stream.size} bytes`);
    }
    digest = hash.digest('hex');
    if (expected !== undefined && digest !== expected) {
      throw transferError(
        'CHECKSUM_MISMATCH',
        `${uri}${where(options)}: the download's sha256 is ${digest}, expected ${expected} (${received} bytes received)`,
      );
    }
  }
  try {
    await writeFileAtomic(file, checked());
  } catch (cause) {
    if (HubError.isInstance(cause)) throw cause;
    throw new HubError(
      'DOWNLOAD_FAILED',
      `Cannot download ${uri} to ${file}${where(options)}: ${describeError(cause)}`,
      {
        cause,
      },
    );
  } finally {
    progress.stop();
    // a write that failed before reading the body leaves the connection open
    if (!read) await stream.cancel?.().catch(() => undefined);
  }
  return { uri, size: received, sha256: digest };
}

/** Removes a cached copy that fails its checksum, so that a download that failed for good leaves nothing wrong behind. */
async function dropBadCopy(file: string, sha256: string | undefined): Promise<void> {
  if (sha256 === undefined || !existsSync(file)) return;
  if ((await sha256OfFile(file).catch(() => sha256)) === sha256) return;
  await rm(file, { force: true }).catch(() => undefined);
  await rm(recordPath(file), { force: true }).catch(() => undefined);
}

function where(options: DownloadOptions): string {
  return options.source ? ` (${options.source})` : '';
}

const inFlight = new Map<string, Promise<string>>();

/**
 * The local path of the weights at `uri`: a local path is checked (against `sha256`) and used in place; any other
 * URI is fetched through fileio into the cache once and reused by later calls. Concurrent calls for one file in a
 * process share one download; in different processes each writes its own temporary file and the last rename wins,
 * every copy being whole and checked.
 */
export async function downloadWeights(uri: string, options: DownloadOptions = {}): Promise<string> {
  const sha256 = options.sha256?.toLowerCase();
  if (isLocalUri(uri)) {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : resolve(uri);
    if (!existsSync(path)) throw new HubError('DOWNLOAD_FAILED', `No weights file ${path}${where(options)}`);
    if (sha256 !== undefined) {
      const got = await sha256OfFile(path);
      if (got !== sha256) {
        throw new HubError('CHECKSUM_MISMATCH', `${path}${where(options)}: sha256 is ${got}, expected ${sha256}`);
      }
    }
    return path;
  }
  const cacheDir = options.cacheDir ?? hubCacheDir();
  // one download at a time per file name in this process: a call for the same URI then finds the good copy, one for
  // another URI ending in the same name finds its record and goes to a folder of its own
  const slot = join(cacheDir, cacheFileName(uri));
  const before = inFlight.get(slot);
  const task = (async () => {
    await before?.catch(() => undefined);
    const file = cachePath(uri, cacheDir);
    if (await cachedCopyIsGood(file, sha256)) return file;
    const attempts = 1 + Math.max(0, options.retries ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        const record = await fetchOnce(uri, file, { ...options, sha256 });
        await writeFileAtomic(recordPath(file), `${JSON.stringify(record)}\n`).catch((cause: unknown) => {
          throw new HubError('DOWNLOAD_FAILED', `Cannot write the cache record of ${file}: ${describeError(cause)}`, {
            cause,
          });
        });
        return file;
      } catch (error) {
        if (!(typeof error === 'object' && error !== null && retriable.has(error)) || attempt >= attempts) {
          await dropBadCopy(file, sha256);
          // the folder of its own a same-named file got, when nothing is in it (rmdir removes only an empty one)
          if (dirname(file) !== cacheDir) await rmdir(dirname(file)).catch(() => undefined);
          throw error;
        }
      }
    }
  })();
  inFlight.set(slot, task);
  try {
    return await task;
  } finally {
    if (inFlight.get(slot) === task) inFlight.delete(slot);
  }
}
