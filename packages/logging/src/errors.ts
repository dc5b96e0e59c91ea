/** Stable codes carried by {@link LoggingError}. */
export type LoggingErrorCode =
  | 'LENGTH_MISMATCH'
  | 'EMPTY_HISTORY'
  | 'UNKNOWN_STATISTICS'
  | 'DUPLICATE_STATISTICS'
  | 'UNKNOWN_SCALAR'
  | 'RESUMED_KEY_CONFLICT'
  | 'INVALID_STATE_DICT'
  | 'UNKNOWN_LOGGER'
  | 'INVALID_CUSTOM_CFG';

/** An error of `@eng/logging`; `code` is stable, the message says what was expected and what was found. */
export class LoggingError extends Error {
  override name = 'LoggingError';
  readonly code: LoggingErrorCode;

  constructor(code: LoggingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
