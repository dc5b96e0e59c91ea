import { describeError } from '@eng/internal';
import type { DataSource } from '../atomic';
import { FileIOError, HttpError } from '../errors';
import { BaseStorageBackend, type ByteStream } from './base';

export interface HttpBackendArgs {
  /** Extra attempts after the first when the connection fails or the status is retryable. Default 3. */
  retries?: number;
  /** Wait before the first retry, in ms; doubled (see `backoffFactor`) each time. Default 200. */
  backoffMs?: number;
  /** Growth of the wait between retries. Default 2. */
  backoffFactor?: number;
  /** Upper bound of one wait, in ms. Default 10 000. */
  maxBackoffMs?: number;
  /** Give up an attempt after this many ms (the attempt then counts as failed and may be retried). */
  timeoutMs?: number;
  /** Headers sent with every request (e.g. an `Authorization` token). */
  headers?: Record<string, string>;
  /** Statuses worth retrying. Default 408, 425, 429, 500, 502, 503, 504. */
  retryStatuses?: readonly number[];
  /** The fetch implementation. Default the global `fetch`. */
  fetch?: typeof fetch;
}

const DEFAULT_RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Read-only access to `http://` and `https://` URLs over the global `fetch`, retrying failed connections
 * and retryable statuses with exponential backoff. A failure raises an {@link HttpError} carrying the URL,
 * the status and the number of attempts; writes raise a `FileIOError` with code `READ_ONLY`.
 *
 * @example
 * ```ts
 * const http = new HttpBackend({ retries: 5, backoffMs: 100 });
 * const text = await http.getText('https://example.com/labels.txt');
 * ```
 */
export class HttpBackend extends BaseStorageBackend {
  readonly retries: number;
  readonly backoffMs: number;
  readonly backoffFactor: number;
  readonly maxBackoffMs: number;
  readonly timeoutMs: number | undefined;
  readonly headers: Record<string, string>;
  readonly retryStatuses: readonly number[];
  private readonly _fetchImpl: typeof fetch | undefined;

  constructor(args: HttpBackendArgs = {}) {
    super();
    this.retries = args.retries ?? 3;
    this.backoffMs = args.backoffMs ?? 200;
    this.backoffFactor = args.backoffFactor ?? 2;
    this.maxBackoffMs = args.maxBackoffMs ?? 10_000;
    this.timeoutMs = args.timeoutMs;
    this.headers = { ...args.headers };
    this.retryStatuses = args.retryStatuses ?? DEFAULT_RETRY_STATUSES;
    this._fetchImpl = args.fetch;
    if (!Number.isInteger(this.retries) || this.retries < 0) {
      throw new FileIOError(
        'INVALID_ARGUMENT',
        `HttpBackend: retries must be a non-negative integer, got ${args.retries}`,
      );
    }
  }

  private _delay(attempt: number, response?: Response): number {
    const retryAfter = Number(response?.headers.get('retry-after'));
    const base =
      Number.isFinite(retryAfter) && retryAfter > 0
        ? retryAfter * 1000
        : this.backoffMs * this.backoffFactor ** attempt;
    return Math.min(this.maxBackoffMs, base);
  }

  /** Sends `method` to `url`, retrying as configured; returns the successful response and its body (for GET). */
  private async _request(
    method: 'GET' | 'HEAD',
    url: string,
    readBody = method === 'GET',
  ): Promise<{ response: Response; body?: Uint8Array }> {
    const doFetch = this._fetchImpl ?? globalThis.fetch;
    if (typeof doFetch !== 'function') {
      throw new FileIOError('NOT_SUPPORTED', 'HttpBackend needs a global fetch (Node >= 18) or the `fetch` option', {
        uri: url,
      });
    }
    const attempts = this.retries + 1;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= attempts;
      let response: Response;
      try {
        const init: RequestInit = { method, headers: this.headers };
        // `timeoutMs` bounds the request and a read body; a streamed body is read at the caller's pace, so its
        // clock stops at the headers.
        const timeout = this.timeoutMs;
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (timeout !== undefined) {
          const controller = new AbortController();
          timer = setTimeout(
            () => controller.abort(new DOMException(`no answer within ${timeout} ms`, 'TimeoutError')),
            timeout,
          );
          init.signal = controller.signal;
        }
        try {
          response = await doFetch(url, init);
          if (response.ok) {
            if (!readBody) return { response };
            // The body can still fail mid-stream, which is retried like a failed connection.
            return { response, body: new Uint8Array(await response.arrayBuffer()) };
          }
        } finally {
          clearTimeout(timer);
        }
      } catch (err) {
        if (last) {
          throw new HttpError(
            `${method} ${url} failed after ${attempt + 1} attempt${attempt ? 's' : ''}: ${describeError(err)}`,
            { url, attempts: attempt + 1 },
            err,
          );
        }
        await sleep(this._delay(attempt));
        continue;
      }
      await response.body?.cancel().catch(() => undefined);
      if (last || !this.retryStatuses.includes(response.status)) {
        const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
        throw new HttpError(
          `${method} ${url} failed with status ${response.status} ${response.statusText}${tries}`.trimEnd(),
          {
            url,
            status: response.status,
            statusText: response.statusText,
            attempts: attempt + 1,
          },
        );
      }
      await sleep(this._delay(attempt, response));
    }
  }

  override async get(uri: string): Promise<Uint8Array> {
    return (await this._request('GET', uri)).body!;
  }

  /**
   * Streams the body of a GET (connection failures and retryable statuses are retried before the first byte; a body
   * cut short afterwards throws an `HttpError` from the iteration). `size` is the `content-length`, when sent.
   */
  override async getStream(uri: string): Promise<ByteStream> {
    const { response } = await this._request('GET', uri, false);
    // fetch decodes a gzip or br body, so the content-length (of the encoded body) says nothing of what is read
    const encoding = response.headers.get('content-encoding');
    const plain = encoding === null || encoding.trim().toLowerCase() === 'identity';
    const length = plain ? Number(response.headers.get('content-length') ?? Number.NaN) : Number.NaN;
    const body = response.body;
    let started = false;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      started = true;
      if (body === null) return;
      let received = 0;
      try {
        // leaving the loop early (an abandoned download) cancels the body, which frees the connection
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          received += chunk.byteLength;
          yield chunk;
        }
      } catch (err) {
        throw new HttpError(
          `GET ${uri} broke off after ${received} bytes: ${describeError(err)}`,
          { url: uri, attempts: 1 },
          err,
        );
      }
      if (Number.isFinite(length) && received !== length) {
        throw new HttpError(`GET ${uri} ended after ${received} of ${length} bytes`, { url: uri, attempts: 1 });
      }
    }
    return {
      size: Number.isFinite(length) ? length : undefined,
      chunks: chunks(),
      async cancel() {
        // once iterating, `return()` on the chunks cancels the body; before that, cancel it here
        if (!started) await body?.cancel().catch(() => undefined);
      },
    };
  }

  /** `true` when a HEAD request succeeds, `false` on 404 or 410; other failures throw. */
  override async exists(uri: string): Promise<boolean> {
    try {
      await this._request('HEAD', uri);
      return true;
    } catch (err) {
      if (err instanceof HttpError && (err.status === 404 || err.status === 410)) return false;
      if (err instanceof HttpError && (err.status === 405 || err.status === 501)) {
        await this.get(uri);
        return true;
      }
      throw err;
    }
  }

  override isFile(uri: string): Promise<boolean> {
    return this.exists(uri);
  }

  /** URLs name documents, never listable directories. */
  override async isDir(_uri: string): Promise<boolean> {
    return false;
  }

  private _readOnly(operation: string, uri: string): never {
    throw new FileIOError(
      'READ_ONLY',
      `HttpBackend is read-only: cannot ${operation} '${uri}'. Write to a local path or another backend instead.`,
      { uri },
    );
  }

  override async put(_data: DataSource, uri: string): Promise<void> {
    this._readOnly('put', uri);
  }

  override async putText(_text: string, uri: string): Promise<void> {
    this._readOnly('putText', uri);
  }

  override async remove(uri: string): Promise<void> {
    this._readOnly('remove', uri);
  }

  override async rmtree(uri: string): Promise<void> {
    this._readOnly('rmtree', uri);
  }

  override async copyfile(_src: string, dst: string): Promise<string> {
    this._readOnly('copyfile to', dst);
  }

  override async copytree(_src: string, dst: string): Promise<string> {
    this._readOnly('copytree to', dst);
  }

  override async copyfileFromLocal(_src: string, dst: string): Promise<string> {
    this._readOnly('copyfileFromLocal to', dst);
  }

  override async copytreeFromLocal(_src: string, dst: string): Promise<string> {
    this._readOnly('copytreeFromLocal to', dst);
  }
}
