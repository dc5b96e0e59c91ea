// The built `./test` entry bundles its own copy of MMLogger; instances are process-wide (MMLogger's `managerKey`),
// so the logger it creates is the current one for the main entry too.
import type { LevelLike } from '../levels';
import { MMLogger } from '../logger';

/** Options of {@link captureLog}. */
export interface CaptureLogOptions {
  /** The console threshold of the capturing logger. Default `'INFO'`, MMLogger's own default. */
  logLevel?: LevelLike;
}

let loggers = 0;

/**
 * Makes a fresh MMLogger, which becomes the current one, and returns the array its console lines are collected in
 * (one entry per line, without colours). Whatever logs through `MMLogger.getCurrentInstance()` or
 * `printLog(msg, { logger: 'current' })` after this call lands there.
 *
 * @example
 * ```ts
 * const lines = captureLog();
 * printLog('loading checkpoint', { logger: 'current' });
 * lines.at(-1); // '04/15 14:01:11 - eng - INFO - loading checkpoint'
 * ```
 */
export function captureLog(options: CaptureLogOptions = {}): string[] {
  const lines: string[] = [];
  MMLogger.getInstance(`@eng/logging/test:capture-${++loggers}`, {
    color: false,
    logLevel: options.logLevel ?? 'INFO',
    stream: { write: (chunk: string) => lines.push(...chunk.split('\n').filter((line) => line !== '')) },
  });
  return lines;
}
