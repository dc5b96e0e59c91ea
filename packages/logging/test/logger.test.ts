import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_PROCESSORS, ManagerMixin } from '@eng/registry';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LoggingError } from '../src/errors';
import { LogLevel } from '../src/levels';
import { LogProcessor } from '../src/log-processor';
import { MMLogger, rankLogFile } from '../src/logger';
import { printLog } from '../src/print-log';
import { ConsoleSink, FileSink } from '../src/sinks';

const CONSOLE_TIME = String.raw`\d{2}/\d{2} \d{2}:\d{2}:\d{2}`;
const FILE_TIME = String.raw`\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}`;

const tmp = mkdtempSync(join(tmpdir(), 'eng-logging-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
const uniqueName = (base: string) => `${base}-${++counter}`;

/** A console stream that records what the logger prints. */
function capture() {
  const lines: string[] = [];
  return {
    stream: { write: (chunk: string) => lines.push(chunk) },
    lines,
    take(): string {
      return lines.splice(0).join('');
    },
  };
}

describe('MMLogger.getCurrentInstance', () => {
  it('creates the "mmengine" logger when none exists yet', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const root = MMLogger.getCurrentInstance();
      expect(root.instanceName).toBe('mmengine');
      expect(MMLogger.getInstance('mmengine')).toBe(root);
      const mmdet = MMLogger.getInstance(uniqueName('mmdet'));
      expect(mmdet.name).toBe(root.name);
      expect(mmdet).not.toBe(root);
      expect(MMLogger.getCurrentInstance()).toBe(mmdet);
    } finally {
      stdout.mockRestore();
    }
  });
});

describe('MMLogger sinks by rank (manual 32.5)', () => {
  it('rank 0: a console sink at log_level, plus a file sink with log_file', () => {
    const logger = MMLogger.getInstance(uniqueName('rank0.pkg1'), { logLevel: 'INFO', rank: 0 });
    expect(logger.name).toBe('eng');
    expect(logger.level).toBe(LogLevel.NOTSET);
    expect(logger.sinks).toHaveLength(1);
    expect(logger.sinks[0]).toBeInstanceOf(ConsoleSink);
    expect(logger.sinks[0]?.level).toBe(LogLevel.INFO);

    const logFile = join(tmp, 'rank0', 'tmp_file.log');
    const name = uniqueName('rank0.pkg2');
    const withFile = MMLogger.getInstance(name, { logLevel: 'INFO', logFile, rank: 0 });
    expect(withFile.sinks.map((s) => s.kind)).toEqual(['console', 'file']);
    expect(withFile.logFile).toBe(logFile);
    expect(existsSync(logFile)).toBe(true);
    expect(MMLogger.getInstance(name)).toBe(withFile);
    withFile.close();

    const named = MMLogger.getInstance(uniqueName('rank0.pkg3'), { loggerName: 'logger_test', rank: 0 });
    expect(named.name).toBe('logger_test');
  });

  it('writeToFiles appends raw text to the log files and says whether there was one', () => {
    const logFile = join(tmp, 'raw', 'raw.log');
    const withFile = MMLogger.getInstance(uniqueName('raw.file'), { logFile, rank: 0 });
    withFile.info('first line');
    expect(withFile.writeToFiles('Name of parameter - Initialization information\nfc.weight - [2, 3]\n')).toBe(true);
    withFile.close();
    const text = readFileSync(logFile, 'utf8');
    expect(text).toMatch(/ - eng - INFO - first line\nName of parameter - Initialization information\nfc.weight/);

    const consoleOnly = MMLogger.getInstance(uniqueName('raw.console'), { rank: 0 });
    expect(consoleOnly.writeToFiles('nowhere to go')).toBe(false);
  });

  it('other ranks print ERROR only and write name_rank{N} files when distributed or at DEBUG', () => {
    const logFile = join(tmp, 'rank1', 'tmp_file.log');
    const quiet = MMLogger.getInstance(uniqueName('rank1.pkg2'), { logLevel: 'INFO', logFile, rank: 1 });
    expect(quiet.sinks).toHaveLength(1);
    expect(quiet.sinks[0]?.level).toBe(LogLevel.ERROR);
    expect(quiet.logFile).toBeUndefined();

    const distributed = MMLogger.getInstance(uniqueName('rank1.pkg3'), {
      logLevel: 'INFO',
      logFile,
      rank: 1,
      distributed: true,
    });
    expect(distributed.sinks.map((s) => [s.kind, s.level])).toEqual([
      ['console', LogLevel.ERROR],
      ['file', LogLevel.INFO],
    ]);
    expect(distributed.logFile).toBe(join(tmp, 'rank1', 'tmp_file_rank1.log'));
    expect(existsSync(join(tmp, 'rank1', 'tmp_file_rank1.log'))).toBe(true);
    distributed.close();

    const debug = MMLogger.getInstance(uniqueName('rank2.debug'), { logLevel: 'DEBUG', logFile, rank: 2 });
    expect(debug.logFile).toBe(join(tmp, 'rank1', 'tmp_file_rank2.log'));
    debug.close();
  });

  it('reads the rank from RANK, else LOCAL_RANK', () => {
    const saved = { RANK: process.env.RANK, LOCAL_RANK: process.env.LOCAL_RANK };
    try {
      delete process.env.RANK;
      process.env.LOCAL_RANK = '3';
      expect(MMLogger.getInstance(uniqueName('env-local')).rank).toBe(3);
      process.env.RANK = '5';
      expect(MMLogger.getInstance(uniqueName('env-rank')).rank).toBe(5);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('names rank files like the manual (tmp_rank1.log)', () => {
    expect(rankLogFile('tmp/tmp.log', 1)).toBe('tmp/tmp_rank1.log');
    expect(rankLogFile('work_dir/exp.name.log', 63)).toBe('work_dir/exp.name_rank63.log');
    expect(rankLogFile('logs/out', 2)).toBe('logs/out_rank2');
    expect(rankLogFile('.hidden/out', 2)).toBe('.hidden/out_rank2');
  });

  it('rejects unknown levels and file modes', () => {
    expect(() => MMLogger.getInstance(uniqueName('bad-level'), { logLevel: 'LOUD' as never })).toThrow(
      /unknown log level 'LOUD'/,
    );
    expect(() =>
      MMLogger.getInstance(uniqueName('bad-mode'), { logFile: join(tmp, 'x.log'), fileMode: 'x' as never }),
    ).toThrow(/fileMode/);
  });
});

describe('MMLogger line format', () => {
  for (const level of ['WARNING', 'INFO', 'DEBUG'] as const) {
    it(`console and file lines at ${level}`, () => {
      const out = capture();
      const logFile = join(tmp, `format-${level}.log`);
      const logger = MMLogger.getInstance(uniqueName(`format-${level}`), {
        logLevel: level,
        logFile,
        stream: out.stream,
        rank: 0,
      });
      logger.log(LogLevel[level], 'welcome');
      expect(out.take()).toMatch(new RegExp(`^${CONSOLE_TIME} - eng - ${level} - welcome\\n$`));
      expect(readFileSync(logFile, 'utf8')).toMatch(new RegExp(`^${FILE_TIME} - eng - ${level} - welcome\\n$`));
      logger.close();
    });
  }

  it('colours the level on a terminal, never in the file', () => {
    const out = capture();
    const logFile = join(tmp, 'color.log');
    const logger = MMLogger.getInstance(uniqueName('color'), { color: true, stream: out.stream, logFile, rank: 0 });
    logger.info('hello');
    logger.error('bad');
    const printed = out.take();
    expect(printed).toContain('\x1b[4m\x1b[37mINFO\x1b[0m - hello');
    expect(printed).toContain('\x1b[5m\x1b[4m\x1b[31mERROR\x1b[0m');
    expect(readFileSync(logFile, 'utf8')).not.toContain('\x1b[');
    logger.close();
  });

  it('colour follows whether the stream is a terminal', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    delete process.env.NO_COLOR;
    delete process.env.FORCE_COLOR;
    try {
      expect(new ConsoleSink(20, { stream: { write: () => true, isTTY: true } }).color).toBe(true);
      expect(new ConsoleSink(20, { stream: { write: () => true } }).color).toBe(false);
      process.env.NO_COLOR = '1';
      expect(new ConsoleSink(20, { stream: { write: () => true, isTTY: true } }).color).toBe(false);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('ERROR lines carry the file, function and line of the caller', () => {
    const out = capture();
    const logger = MMLogger.getInstance(uniqueName('error'), { stream: out.stream, rank: 0 });
    function reportFailure() {
      logger.error('welcome');
      return new Error().stack?.split('\n')[1] ?? '';
    }
    const frame = reportFailure();
    const line = Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]) - 1;
    expect(out.take()).toMatch(
      new RegExp(`^${CONSOLE_TIME} - eng - ERROR - .*logger\\.test\\.ts - reportFailure - ${line} - welcome\\n$`),
    );
  });

  it('levels without a name print as "Level N"; CRITICAL has its own name', () => {
    const out = capture();
    const logger = MMLogger.getInstance(uniqueName('custom-level'), { stream: out.stream, rank: 0 });
    logger.log(25, 'between');
    logger.critical('stop');
    const printed = out.take();
    expect(printed).toMatch(/ - Level 25 - between\n/);
    expect(printed).toMatch(/ - CRITICAL - stop\n$/);
  });

  it('file mode "w" starts afresh, "a" appends, directories are created', () => {
    const logFile = join(tmp, 'deep', 'er', 'modes.log');
    const first = MMLogger.getInstance(uniqueName('mode-w'), { logFile, rank: 0, stream: capture().stream });
    first.info('one');
    first.close();
    const second = MMLogger.getInstance(uniqueName('mode-a'), {
      logFile,
      fileMode: 'a',
      rank: 0,
      stream: capture().stream,
    });
    second.info('two');
    second.close();
    expect(readFileSync(logFile, 'utf8').trim().split('\n')).toHaveLength(2);
    writeFileSync(logFile, 'old\n');
    const third = MMLogger.getInstance(uniqueName('mode-w2'), { log_file: logFile, rank: 0, stream: capture().stream });
    third.info('three');
    third.close();
    expect(readFileSync(logFile, 'utf8')).toMatch(/^[^\n]* - INFO - three\n$/);
  });
});

describe('MMLogger levels and filters', () => {
  it('setLevel raises the logger threshold above its sinks', () => {
    const out = capture();
    const logger = MMLogger.getInstance(uniqueName('set-level'), { stream: out.stream, rank: 0 });
    logger.info('hello');
    expect(out.take()).toContain('INFO');
    logger.setLevel('warning');
    logger.info('hello');
    expect(out.take()).toBe('');
    logger.warning('hello');
    expect(out.take()).toContain('WARNING');
    expect(logger.isEnabledFor('INFO')).toBe(false);
    expect(logger.isEnabledFor('error')).toBe(true);
  });

  it('prints a repeated warning once', () => {
    const out = capture();
    const logger = MMLogger.getInstance(uniqueName('filter'), { stream: out.stream, rank: 0 });
    logger.warning('hello');
    expect(out.take()).toContain('WARNING');
    logger.warn('hello');
    expect(out.take()).toBe('');
    logger.warning('hello1');
    expect(out.take()).toContain('hello1');
    logger.info('same');
    logger.info('same');
    expect(out.lines).toHaveLength(2);
  });

  it('is a consola instance underneath: extra reporters see every record', () => {
    const out = capture();
    const logger = MMLogger.getInstance(uniqueName('consola'), { stream: out.stream, rank: 0, logLevel: 'ERROR' });
    const seen: Array<[string, unknown]> = [];
    logger.consola.addReporter({ log: (logObj) => seen.push([logObj.type, logObj.args[0]]) });
    logger.info('below the sinks');
    logger.consola.warn('through consola');
    expect(seen).toEqual([
      ['info', 'below the sinks'],
      ['warn', 'through consola'],
    ]);
    expect(out.take()).toBe('');
    logger.consola.error('an error');
    expect(out.take()).toMatch(/ - ERROR - an error\n$/);
  });
});

describe('printLog', () => {
  it('prints to stdout without a logger, nothing when silent', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      printLog('welcome');
      expect(stdout.mock.calls.map((c) => c[0])).toEqual(['welcome\n']);
      printLog('welcome', { logger: 'silent' });
      expect(stdout).toHaveBeenCalledTimes(1);
    } finally {
      stdout.mockRestore();
    }
  });

  it('logs through a logger given as an instance, by name, or as the current one', () => {
    const out = capture();
    const name = uniqueName('test_print_log');
    const logger = MMLogger.getInstance(name, { stream: out.stream, rank: 0 });
    const pattern = new RegExp(`^${CONSOLE_TIME} - eng - INFO - welcome\\n$`);
    printLog('welcome', { logger });
    expect(out.take()).toMatch(pattern);
    printLog('welcome', { logger: name });
    expect(out.take()).toMatch(pattern);
    printLog('welcome', { logger: 'current' });
    expect(out.take()).toMatch(pattern);
    printLog('careful', { logger: 'current', level: 'WARNING' });
    expect(out.take()).toContain(' - WARNING - careful');
    printLog('numeric', { logger, level: LogLevel.ERROR });
    expect(out.take()).toMatch(/ - ERROR - .*logger\.test\.ts - .* - \d+ - numeric\n$/);
  });

  it('accepts any object with log(level, message)', () => {
    const calls: Array<[number, string]> = [];
    printLog('hi', {
      logger: { log: (level: number, message: string) => calls.push([level, message]) },
      level: 'debug',
    });
    expect(calls).toEqual([[10, 'hi']]);
  });

  it('rejects unknown logger names and other types', () => {
    expect(() => printLog('welcome', { logger: 'unknown-logger' })).toThrow(LoggingError);
    expect(() => printLog('welcome', { logger: (() => 1) as never })).toThrow(TypeError);
  });
});

describe('registry messages reach the current logger', () => {
  it('forwards registry warnings (setRegistryLogger)', () => {
    const out = capture();
    const name = uniqueName('registry');
    MMLogger.getInstance(name, { stream: out.stream, rank: 0 });
    // Asking again for an existing instance with arguments makes the registry warn.
    MMLogger.getInstance(name, { logLevel: 'DEBUG' });
    expect(out.take()).toMatch(/ - WARNING - MMLogger instance named ".*" has already been created/);
  });

  it('forwards registry debug messages to a DEBUG logger (manual 23.3)', () => {
    const out = capture();
    MMLogger.getInstance(uniqueName('registry-debug'), { stream: out.stream, rank: 0, logLevel: 'DEBUG' });
    expect(LOG_PROCESSORS.build({ type: 'LogProcessor' })).toBeInstanceOf(LogProcessor);
    const printed = out.take();
    expect(printed).toMatch(/ - DEBUG - Get "LogProcessor" for "LogProcessor" from the "log_processor" registry/);
    expect(printed).toMatch(/ - DEBUG - An instance of "LogProcessor" was built from the "log_processor" registry/);
  });

  it('ManagerMixin sees MMLogger as its subclass', () => {
    expect(MMLogger.prototype).toBeInstanceOf(ManagerMixin);
    expect(MMLogger.checkInstanceCreated('never-made')).toBe(false);
  });

  it('FileSink can be used alone', () => {
    const path = join(tmp, 'sink', 'alone.log');
    const sink = new FileSink(LogLevel.INFO, path, 'w');
    sink.handle({ level: LogLevel.INFO, name: 'x', message: 'm', date: new Date(2024, 0, 2, 3, 4, 5) });
    sink.handle({ level: LogLevel.DEBUG, name: 'x', message: 'hidden', date: new Date() });
    sink.close();
    expect(readFileSync(path, 'utf8')).toBe('2024/01/02 03:04:05 - x - INFO - m\n');
  });
});
