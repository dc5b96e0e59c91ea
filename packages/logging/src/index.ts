/** @packageDocumentation MMLogger, MessageHub, HistoryBuffer and LogProcessor: the logging system of a training run. */
export { LoggingError, type LoggingErrorCode } from './errors';
export { formatDuration, formatExponential, formatFixed } from './format';
export {
  HistoryBuffer,
  type HistoryBufferState,
  type RegisterStatisticsOptions,
  type StatisticsMethod,
} from './history-buffer';
export { type LevelLike, LogLevel, type LogLevelName, levelName, resolveLevel } from './levels';
export {
  type LogCustomCfg,
  LogProcessor,
  type LogProcessorOptions,
  type LogTag,
  type LoopLike,
  type MessageHubLike,
  type RunMode,
  type RunnerLike,
} from './log-processor';
export { MMLogger, type MMLoggerOptions } from './logger';
export {
  MessageHub,
  type MessageHubOptions,
  type MessageHubState,
  type ScalarEntry,
  type ScalarLike,
} from './message-hub';
export { type LoggerLike, type PrintLogOptions, plainConsola, printLog } from './print-log';
export {
  ConsoleSink,
  FileSink,
  formatRecord,
  type LogLocation,
  type LogRecord,
  Sink,
  type TextStream,
} from './sinks';
