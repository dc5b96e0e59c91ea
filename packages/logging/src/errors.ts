import { EngError } from '@eng/internal';

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

/**
 * An error of `@eng/logging`; `code` is stable, the message says what was expected and what was found.
 *
 * @example
 * ```ts
 * try {
 *   new HistoryBuffer().current();
 * } catch (error) {
 *   if (LoggingError.isInstance(error) && error.code === 'EMPTY_HISTORY') console.log('nothing logged yet');
 * }
 * ```
 */
export class LoggingError extends EngError<LoggingErrorCode> {}
