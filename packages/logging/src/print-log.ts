import { describe } from '@eng/internal';
import { createConsola } from 'consola/core';
import { LoggingError } from './errors';
import { EMIT } from './internal/emit';
import { stdoutStream } from './internal/stdout-stream';
import { type LevelLike, LogLevel, resolveLevel } from './levels';
import { MMLogger } from './logger';

/** Anything with Python logging's `log(level, message)`, e.g. an {@link MMLogger}. */
export interface LoggerLike {
  log(level: number, message: string): void;
}

/** Options of {@link printLog}. */
export interface PrintLogOptions {
  /**
   * - `undefined`: print the message as it is to stdout (Python's `print`);
   * - `'silent'`: print nothing;
   * - `'current'`: the latest created MMLogger (created as `'mmengine'` if none exists);
   * - another string: the MMLogger of that instance name, which must exist;
   * - an MMLogger or any object with `log(level, message)`.
   */
  logger?: 'current' | 'silent' | (string & {}) | MMLogger | LoggerLike | undefined;
  /** Level name or number; used when logging through a logger. Defaults to INFO. */
  level?: LevelLike | undefined;
}

// Plain messages go through consola too (one reporter that writes the message as it is), so they can be mocked or
// redirected like everything else the package prints.
const plain = createConsola({
  level: Number.POSITIVE_INFINITY,
  throttle: 0,
  reporters: [{ log: (logObj) => stdoutStream().write(`${logObj.args.map(String).join(' ')}\n`) }],
});

/** The consola instance `printLog` uses when no logger is given (attach reporters or mock it in tests). */
export const plainConsola = plain;

/**
 * MMEngine's `print_log`: sends `msg` to a logger chosen by `options.logger`.
 *
 * @example
 * ```ts
 * printLog('loading checkpoint', { logger: 'current' });
 * printLog('quiet', { logger: 'silent' });
 * printLog('hello'); // plain stdout
 * ```
 */
export function printLog(msg: unknown, options: PrintLogOptions = {}): void {
  const { logger } = options;
  const level = options.level === undefined ? LogLevel.INFO : resolveLevel(options.level);
  if (logger === undefined || logger === null) {
    plain.log({ args: [typeof msg === 'string' ? msg : String(msg)] });
    return;
  }
  if (logger === 'silent') return;
  let target: unknown = logger;
  if (logger === 'current') {
    target = MMLogger.getCurrentInstance();
  } else if (typeof logger === 'string') {
    if (!MMLogger.checkInstanceCreated(logger)) {
      throw new LoggingError(
        'UNKNOWN_LOGGER',
        `printLog: MMLogger '${logger}' has not been created; create it with MMLogger.getInstance('${logger}'), or pass 'current', 'silent' or a logger`,
      );
    }
    target = MMLogger.getInstance(logger);
  }
  const emit = (target as { [EMIT]?: unknown })?.[EMIT];
  if (typeof emit === 'function') {
    (emit as (level: number, message: unknown, boundary: Function) => void).call(target, level, msg, printLog);
    return;
  }
  if (target !== null && typeof target === 'object' && typeof (target as LoggerLike).log === 'function') {
    (target as LoggerLike).log(level, typeof msg === 'string' ? msg : String(msg));
    return;
  }
  throw new TypeError(
    `printLog: logger should be an MMLogger, an object with log(level, message), an instance name, 'silent', 'current' or undefined, but got ${describe(logger)}`,
  );
}
