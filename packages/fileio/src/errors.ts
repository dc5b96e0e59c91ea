import { EngError } from '@eng/internal';

/** Stable machine-readable reasons a file operation failed. */
export type FileIOErrorCode =
  | 'NOT_FOUND'
  | 'IS_A_DIRECTORY'
  | 'NOT_A_DIRECTORY'
  | 'ALREADY_EXISTS'
  | 'SAME_FILE'
  | 'READ_ONLY'
  | 'PERMISSION_DENIED'
  | 'NO_SPACE'
  | 'IO_ERROR'
  | 'NOT_SUPPORTED'
  | 'UNKNOWN_BACKEND'
  | 'UNKNOWN_PREFIX'
  | 'DUPLICATE_BACKEND'
  | 'DUPLICATE_PREFIX'
  | 'UNSUPPORTED_FORMAT'
  | 'PARSE_ERROR'
  | 'SERIALIZE_ERROR'
  | 'INVALID_ARGUMENT'
  | 'MISSING_PEER'
  | 'HTTP_ERROR';

export interface FileIOErrorOptions {
  /** The path or URI the operation was working on, when there is one. */
  uri?: string | undefined;
  cause?: unknown;
}

/**
 * The one error class of @eng/fileio: `code` says what went wrong, `uri` where.
 *
 * @example
 * ```ts
 * try {
 *   await get('/no/such/file');
 * } catch (err) {
 *   if (FileIOError.isInstance(err) && err.code === 'NOT_FOUND') console.log('missing', err.uri);
 * }
 * ```
 */
export class FileIOError extends EngError<FileIOErrorCode> {
  readonly uri: string | undefined;

  constructor(code: FileIOErrorCode, message: string, options: FileIOErrorOptions = {}) {
    super(code, message, { cause: options.cause });
    this.uri = options.uri;
  }
}

/** An HTTP request that did not succeed: carries the URL, the status (if a response came back) and the attempts made. */
export class HttpError extends FileIOError {
  readonly url: string;
  /** HTTP status of the last response, or undefined when the connection itself failed. */
  readonly status: number | undefined;
  readonly statusText: string | undefined;
  readonly attempts: number;

  constructor(
    message: string,
    details: { url: string; status?: number | undefined; statusText?: string | undefined; attempts: number },
    cause?: unknown,
  ) {
    super('HTTP_ERROR', message, { uri: details.url, cause });
    this.url = details.url;
    this.status = details.status;
    this.statusText = details.statusText;
    this.attempts = details.attempts;
  }
}
