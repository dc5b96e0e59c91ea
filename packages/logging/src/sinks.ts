import { nameFileInError } from '@eng/internal';
import { LogLevel, levelName } from './levels';
import { nodeModule } from './internal/node-module';
import { stdoutStream } from './internal/stdout-stream';

/** Where an error record was logged from (MMEngine prints it in ERROR lines). */
export interface LogLocation {
  file: string;
  func: string;
  line: number;
}

/** One message on its way to the sinks. */
export interface LogRecord {
  level: number;
  /** The logger's name (`loggerName`, MMEngine's `logger_name`), not its instance name. */
  name: string;
  message: string;
  date: Date;
  location?: LogLocation | undefined;
}

/** The part of a writable stream the console sink needs. */
export interface TextStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, white: 37, underline: 4, blink: 5 } as const;
const LEVEL_COLORS: Record<number, number> = {
  [LogLevel.DEBUG]: ANSI.green,
  [LogLevel.INFO]: ANSI.white,
  [LogLevel.WARNING]: ANSI.yellow,
  [LogLevel.ERROR]: ANSI.red,
  [LogLevel.CRITICAL]: ANSI.red,
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `MM/DD HH:mm:ss` (console) or `YYYY/MM/DD HH:mm:ss` (file), in local time as Python's logging prints. */
export function formatTimestamp(date: Date, withYear: boolean): string {
  const day = `${pad2(date.getMonth() + 1)}/${pad2(date.getDate())}`;
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
  return `${withYear ? `${date.getFullYear()}/` : ''}${day} ${time}`;
}

/** termcolor's `colored(level, color, attrs=['underline'(, 'blink')])`, as MMEngine's MMFormatter uses it. */
function coloredLevel(level: number, name: string): string {
  const color = LEVEL_COLORS[level];
  if (color === undefined) return name;
  const blink = level >= LogLevel.WARNING ? `\x1b[${ANSI.blink}m` : '';
  return `${blink}\x1b[${ANSI.underline}m\x1b[${color}m${name}\x1b[0m`;
}

/**
 * MMEngine's line format: `time - name - LEVEL - message`; ERROR records also carry `file - function - line` before
 * the message.
 */
export function formatRecord(record: LogRecord, options: { withYear: boolean; color: boolean }): string {
  const name = levelName(record.level);
  const level = options.color ? coloredLevel(record.level, name) : name;
  const where =
    record.level === LogLevel.ERROR && record.location
      ? `${record.location.file} - ${record.location.func} - ${record.location.line} - `
      : '';
  return `${formatTimestamp(record.date, options.withYear)} - ${record.name} - ${level} - ${where}${record.message}`;
}

/**
 * A destination for records with its own threshold. Like MMEngine's handlers, each sink drops a WARNING it has
 * already printed once (MMEngine's `FilterDuplicateWarning`).
 */
export abstract class Sink {
  abstract readonly kind: string;
  level: number;
  private readonly _seenWarnings = new Set<string>();

  constructor(level: number) {
    this.level = level;
  }

  /** Whether a record of `level` would reach this sink's output. */
  accepts(level: number): boolean {
    return level >= this.level;
  }

  handle(record: LogRecord): void {
    if (record.level < this.level) return;
    if (record.level === LogLevel.WARNING) {
      if (this._seenWarnings.has(record.message)) return;
      this._seenWarnings.add(record.message);
    }
    this.write(record);
  }

  protected abstract write(record: LogRecord): void;

  close(): void {}
}

function colorWanted(stream: TextStream): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  if ('NO_COLOR' in env) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Prints `MM/DD HH:mm:ss - name - LEVEL - message` lines, the level coloured when a terminal is attached. */
export class ConsoleSink extends Sink {
  readonly kind = 'console';
  readonly stream: TextStream;
  readonly color: boolean;

  constructor(level: number, options: { stream?: TextStream | undefined; color?: boolean | undefined } = {}) {
    super(level);
    this.stream = options.stream ?? stdoutStream();
    this.color = options.color ?? colorWanted(this.stream);
  }

  protected write(record: LogRecord): void {
    this.stream.write(`${formatRecord(record, { withYear: false, color: this.color })}\n`);
  }
}

/**
 * Writes plain `YYYY/MM/DD HH:mm:ss - name - LEVEL - message` lines to a file, creating its directory. `mode` `'w'`
 * (MMEngine's default) starts the file afresh, `'a'` appends. Each record is one synchronous write, so nothing is
 * lost if the process dies right after logging.
 */
export class FileSink extends Sink {
  readonly kind = 'file';
  readonly path: string;
  readonly mode: 'w' | 'a';
  private _fd: number | undefined;

  constructor(level: number, path: string, mode: 'w' | 'a' = 'w') {
    super(level);
    if (mode !== 'w' && mode !== 'a') {
      throw new TypeError(`fileMode must be 'w' or 'a', but got ${JSON.stringify(mode)}`);
    }
    this.path = path;
    this.mode = mode;
    const fs = nodeModule('fs', 'writing a log file');
    const { dirname } = nodeModule('path', 'writing a log file');
    try {
      fs.mkdirSync(dirname(path), { recursive: true });
      this._fd = fs.openSync(path, mode);
    } catch (error) {
      throw nameFileInError(error, path, 'opening the log file');
    }
  }

  protected write(record: LogRecord): void {
    this.writeRaw(`${formatRecord(record, { withYear: true, color: false })}\n`);
  }

  /** Appends `text` as it is, without a record prefix (MMEngine writes its init report to the handler's stream). */
  writeRaw(text: string): void {
    if (this._fd === undefined) return;
    try {
      nodeModule('fs', 'writing a log file').writeSync(this._fd, text);
    } catch (error) {
      throw nameFileInError(error, this.path, 'writing the log file');
    }
  }

  override close(): void {
    if (this._fd === undefined) return;
    nodeModule('fs', 'writing a log file').closeSync(this._fd);
    this._fd = undefined;
  }
}
