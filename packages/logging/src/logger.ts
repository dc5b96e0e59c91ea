import { ManagerMixin, setRegistryLogger } from '@eng/registry';
import { type ConsolaInstance, type ConsolaReporter, createConsola, type LogObject, type LogType } from 'consola/core';
import { EMIT } from './internal/emit';
import { currentOrDefault } from './internal/current-or-default';
import { envVar } from './internal/env-var';
import { type LevelLike, LogLevel, resolveLevel } from './levels';
import { ConsoleSink, FileSink, type LogLocation, type LogRecord, type Sink, type TextStream } from './sinks';

/** Options of {@link MMLogger} (MMEngine's keyword arguments in camelCase; the snake_case spellings work too). */
export interface MMLoggerOptions {
  /** The name printed in each line; MMEngine's `logger_name`. Defaults to `'eng'` (MMEngine prints `mmengine`). */
  loggerName?: string;
  /** Also write plain-text lines to this file (its directory is created). */
  logFile?: string;
  /** Threshold of the console and file sinks. Defaults to `'INFO'`. */
  logLevel?: LevelLike;
  /** `'w'` (MMEngine's default) starts the file afresh, `'a'` appends. */
  fileMode?: 'w' | 'a';
  /** Let every rank write its own log file (`name_rank{N}.log`), not only rank 0. */
  distributed?: boolean;
  /** This process's rank; defaults to the `RANK` (else `LOCAL_RANK`) environment variable, else 0. */
  rank?: number;
  /** Colour the level names on the console; defaults to whether the stream is a terminal (and NO_COLOR/FORCE_COLOR). */
  color?: boolean;
  /** Where the console sink writes; defaults to `process.stdout`. */
  stream?: TextStream;
  logger_name?: string;
  log_file?: string;
  log_level?: LevelLike;
  file_mode?: 'w' | 'a';
}

const REGISTRY_HOOK = Symbol.for('@eng/logging/registry-hook');

/** What each consola type stands for in Python's levels (for records sent through `logger.consola` directly). */
const LEVEL_OF_TYPE: Partial<Record<string, number>> = {
  fatal: LogLevel.CRITICAL,
  error: LogLevel.ERROR,
  warn: LogLevel.WARNING,
  debug: LogLevel.DEBUG,
  trace: LogLevel.DEBUG,
  verbose: LogLevel.DEBUG,
};

function consolaType(level: number): LogType {
  if (level >= LogLevel.CRITICAL) return 'fatal';
  if (level >= LogLevel.ERROR) return 'error';
  if (level >= LogLevel.WARNING) return 'warn';
  if (level >= LogLevel.INFO) return 'info';
  return 'debug';
}

function toMessage(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.stack ?? `${message.name}: ${message.message}`;
  if (message !== null && typeof message === 'object') {
    try {
      return JSON.stringify(message);
    } catch {
      return String(message);
    }
  }
  return String(message);
}

function rankFromEnv(): number {
  const raw = envVar('RANK') ?? envVar('LOCAL_RANK');
  const rank = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(rank) && rank >= 0 ? rank : 0;
}

/** `dir/name_rank3.log` for `dir/name.log` (a name without extension gets `_rank3` appended). */
export function rankLogFile(logFile: string, rank: number): string {
  const slash = Math.max(logFile.lastIndexOf('/'), logFile.lastIndexOf('\\'));
  const dot = logFile.lastIndexOf('.');
  if (dot > slash + 1) return `${logFile.slice(0, dot)}_rank${rank}${logFile.slice(dot)}`;
  return `${logFile}_rank${rank}`;
}

type ErrorWithCapture = ErrorConstructor & { captureStackTrace?(target: object, boundary?: Function): void };

const FRAME = /^\s*at (?:(?:async )?(.*?) \()?(.*?):(\d+):\d+\)?$/;

/** The first stack frame outside the logger (above `boundary`), where V8's stack API is available. */
function callerLocation(boundary: Function): LogLocation | undefined {
  const capture = (Error as ErrorWithCapture).captureStackTrace;
  if (typeof capture !== 'function') return undefined;
  const holder: { stack?: string } = {};
  capture(holder, boundary);
  for (const line of holder.stack?.split('\n') ?? []) {
    const match = FRAME.exec(line);
    if (!match) continue;
    let file = match[2] as string;
    if (file.startsWith('file://')) {
      try {
        file = decodeURIComponent(new URL(file).pathname);
      } catch {
        // keep the URL as it is
      }
    }
    return { file, func: match[1] || '<module>', line: Number(match[3]) };
  }
  return undefined;
}

function installRegistryHook(): void {
  const holder = globalThis as { [REGISTRY_HOOK]?: boolean };
  if (holder[REGISTRY_HOOK]) return;
  holder[REGISTRY_HOOK] = true;
  // Resolved at each call, so registry messages always reach the logger that is current at that moment.
  setRegistryLogger({
    warn: (message) => MMLogger.getCurrentInstance().warning(message),
    info: (message) => MMLogger.getCurrentInstance().info(message),
    debug: (message) => MMLogger.getCurrentInstance().debug(message),
  });
}

/**
 * MMEngine's `MMLogger`: a named logger reachable from anywhere (`MMLogger.getInstance(name)`,
 * `MMLogger.getCurrentInstance()`), printing `MM/DD HH:mm:ss - eng - INFO - message` lines to the console and,
 * with `logFile`, `YYYY/MM/DD HH:mm:ss - ...` lines to a file. Built on consola: `logger.consola` is the underlying
 * instance, so extra consola reporters can be attached.
 *
 * Rank-aware as MMEngine: rank 0 prints at `logLevel`, other ranks print ERROR and above only; rank 0 writes
 * `logFile`, other ranks write `name_rank{N}.ext` when `distributed` is set or the level is DEBUG.
 *
 * @example
 * ```ts
 * const logger = MMLogger.getInstance('mmengine', { logLevel: 'INFO' });
 * logger.info('this is a test'); // 04/15 14:01:11 - eng - INFO - this is a test
 * ```
 */
export class MMLogger extends ManagerMixin {
  static override managerKey = '@eng/logging/MMLogger@1';

  /** The logger name printed in each line (MMEngine's `logger_name`); `instanceName` is the name it is kept under. */
  readonly name: string;
  /** The logger's own threshold (`setLevel`); NOTSET (0) lets everything through to the sinks. */
  level: number = LogLevel.NOTSET;
  readonly rank: number;
  /** The file this process writes, after the rank suffix; undefined when it writes none. */
  readonly logFile: string | undefined;
  readonly sinks: readonly Sink[];
  readonly consola: ConsolaInstance;
  private readonly _ownReporter: ConsolaReporter;

  constructor(options: MMLoggerOptions & { name: string }) {
    super(options.name);
    this.name = options.loggerName ?? options.logger_name ?? 'eng';
    const level = resolveLevel(options.logLevel ?? options.log_level ?? 'INFO');
    this.rank = options.rank ?? rankFromEnv();
    if (!Number.isInteger(this.rank) || this.rank < 0) {
      throw new TypeError(`MMLogger: rank must be a non-negative integer, but got ${String(options.rank)}`);
    }
    const sinks: Sink[] = [
      new ConsoleSink(this.rank === 0 ? level : LogLevel.ERROR, { stream: options.stream, color: options.color }),
    ];
    let logFile = options.logFile ?? options.log_file;
    if (logFile !== undefined) {
      if (this.rank !== 0) logFile = rankLogFile(logFile, this.rank);
      const writesFile = this.rank === 0 || options.distributed === true || level <= LogLevel.DEBUG;
      if (writesFile) sinks.push(new FileSink(level, logFile, options.fileMode ?? options.file_mode ?? 'w'));
      else logFile = undefined;
    }
    this.logFile = logFile;
    this.sinks = sinks;
    this._ownReporter = { log: (logObj) => this._dispatch(logObj) };
    this.consola = createConsola({
      level: Number.POSITIVE_INFINITY,
      throttle: 0,
      reporters: [this._ownReporter],
      defaults: { tag: this.name },
    });
    installRegistryHook();
  }

  /**
   * The latest created logger; before any exists, creates and returns the one named `'mmengine'` (as MMEngine does,
   * unlike other ManagerMixin classes).
   */
  static override getCurrentInstance<C extends abstract new (...args: any[]) => ManagerMixin>(
    this: C,
  ): InstanceType<C> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass whose instances are meant.
    return currentOrDefault(this, 'mmengine') as InstanceType<C>;
  }

  /** Sets the logger's own threshold: records below it reach no sink. */
  setLevel(level: LevelLike): void {
    this.level = resolveLevel(level);
  }

  /** Whether a record of `level` would be printed or written anywhere. */
  isEnabledFor(level: LevelLike): boolean {
    return this._enabled(resolveLevel(level));
  }

  log(level: LevelLike, message: unknown): void {
    this[EMIT](resolveLevel(level), message, this.log);
  }

  debug(message: unknown): void {
    this[EMIT](LogLevel.DEBUG, message, this.debug);
  }

  info(message: unknown): void {
    this[EMIT](LogLevel.INFO, message, this.info);
  }

  warning(message: unknown): void {
    this[EMIT](LogLevel.WARNING, message, this.warning);
  }

  /** Alias of {@link MMLogger.warning}. */
  warn(message: unknown): void {
    this[EMIT](LogLevel.WARNING, message, this.warn);
  }

  /** ERROR lines carry the caller's `file - function - line`, as MMEngine prints them. */
  error(message: unknown): void {
    this[EMIT](LogLevel.ERROR, message, this.error);
  }

  critical(message: unknown): void {
    this[EMIT](LogLevel.CRITICAL, message, this.critical);
  }

  /**
   * Writes `text` as it is to every open log file, and returns whether there was one. Reports too long for the
   * console (the per-parameter initialisation info of a model) go here, as MMEngine writes them to its file
   * handlers' streams.
   */
  writeToFiles(text: string): boolean {
    let wrote = false;
    for (const sink of this.sinks) {
      if (sink instanceof FileSink) {
        sink.writeRaw(text);
        wrote = true;
      }
    }
    return wrote;
  }

  /** Closes the log file (further records go to the console only). */
  close(): void {
    for (const sink of this.sinks) sink.close();
  }

  /** @internal Logs `message` at `level`; `boundary` is the outermost logging function, for the ERROR location. */
  [EMIT](level: number, message: unknown, boundary: Function): void {
    if (!this._enabled(level)) return;
    const location = level === LogLevel.ERROR ? callerLocation(boundary) : undefined;
    const input = { args: [toMessage(message)], mmLevel: level, mmLocation: location };
    this.consola[consolaType(level)](input);
  }

  private _enabled(level: number): boolean {
    if (level < this.level) return false;
    // Reporters other than ours were attached to `logger.consola`: they see everything that passes the logger.
    return this.sinks.some((s) => s.accepts(level)) || this.consola.options.reporters.length > 1;
  }

  private _dispatch(logObj: LogObject): void {
    const level = typeof logObj.mmLevel === 'number' ? logObj.mmLevel : (LEVEL_OF_TYPE[logObj.type] ?? LogLevel.INFO);
    const record: LogRecord = {
      level,
      name: this.name,
      message: logObj.args.map(toMessage).join(' '),
      date: logObj.date,
      location: logObj.mmLocation as LogLocation | undefined,
    };
    for (const sink of this.sinks) sink.handle(record);
  }
}

/** The current MMLogger if one has been created, without creating the default one. */
export function existingCurrentLogger(): MMLogger | undefined {
  try {
    return ManagerMixin.getCurrentInstance.call(MMLogger) as MMLogger;
  } catch {
    return undefined;
  }
}
