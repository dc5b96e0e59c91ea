// Where this package's messages go: MMEngine's `print_log(msg, logger='current')`, i.e. the current MMLogger
// (created as 'mmengine' when a run has none yet). Pass `log` to initBackend to send them elsewhere.
import { LogLevel, printLog } from '@eng/logging';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (message: string, level: LogLevelName) => void;

const LEVELS: Record<LogLevelName, number> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARNING,
  error: LogLevel.ERROR,
};

export const defaultLog: LogFn = (message, level) => {
  printLog(`[tensor-gpu] ${message}`, { logger: 'current', level: LEVELS[level] });
};
