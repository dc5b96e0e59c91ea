import { registerBuiltins } from '@eng/internal';
import { optionsSchema } from '@eng/internal/options';
import { LOG_PROCESSORS } from '@eng/registry';
import { z } from 'zod';
import { LoggingError } from './errors';
import { formatDuration, formatExponential, formatFixed, rjust } from './format';
import type { HistoryBuffer } from './history-buffer';

/** A loop as the log processor sees it: only its dataloader's length matters. */
export interface LoopLike {
  dataloader: { readonly length: number };
}

/** The parts of a MessageHub the log processor reads. */
export interface MessageHubLike {
  readonly logScalars: Readonly<Record<string, Pick<HistoryBuffer, 'mean' | 'current' | 'statistics'>>>;
  readonly runtimeInfo: Readonly<Record<string, unknown>>;
  getInfo(key: string): unknown;
}

/**
 * The runner as the log processor sees it (structural, so a test can pass a plain object). `trainLoop` is absent,
 * `null`, or an unbuilt config (an object without `dataloader`) when the runner only validates or tests; MMEngine
 * detects that case as `runner._train_loop` being a dict or None.
 */
export interface RunnerLike {
  messageHub: MessageHubLike;
  /** Iterations done so far (0-based, as MMEngine's `runner.iter`). */
  iter: number;
  /** Epochs done so far (0-based, as MMEngine's `runner.epoch`). */
  epoch: number;
  maxIters: number;
  maxEpochs: number;
  trainLoop?: LoopLike | object | null | undefined;
  valLoop?: LoopLike | null | undefined;
  testLoop?: LoopLike | null | undefined;
  /** Peak device memory in MB; when it returns a number, lines carry `memory: N` (MMEngine prints it on CUDA). */
  getMaxMemory?: (() => number | undefined) | undefined;
}

export type RunMode = 'train' | 'val' | 'test';

/** One entry of `custom_cfg`; config data, so MMEngine's key spelling. */
export interface LogCustomCfg {
  /** The scalar to summarise, without its `train/`, `val/` or `test/` prefix. */
  data_src: string;
  /** The name the result is logged under; defaults to `data_src` (overwriting the default statistic). */
  log_name?: string;
  /** A registered HistoryBuffer statistics method: `mean`, `min`, `max`, `current` or a custom one. */
  method_name: string;
  /** An integer, `'epoch'` (the batches of this epoch so far) or `'global'` (every iteration so far). */
  window_size?: number | 'epoch' | 'global';
  /** Further keys are passed to the statistics method as a trailing options object. */
  [extra: string]: unknown;
}

/** Constructor options: MMEngine's config keys (`window_size`...), or the same in camelCase. */
export interface LogProcessorOptions {
  window_size?: number;
  by_epoch?: boolean;
  custom_cfg?: LogCustomCfg[] | null;
  num_digits?: number;
  log_with_hierarchy?: boolean;
  mean_pattern?: string | RegExp;
  windowSize?: number;
  byEpoch?: boolean;
  customCfg?: LogCustomCfg[] | null;
  numDigits?: number;
  logWithHierarchy?: boolean;
  meanPattern?: string | RegExp;
}

/** What the visualizer and the message hub receive: statistics by name, plus `epoch`, `iter`, `memory`. */
export type LogTag = Record<string, unknown>;

const DEFAULT_MEAN_PATTERN = /.*(loss|time|data_time|grad_norm).*/;
const RESERVED_CFG_KEYS = new Set(['data_src', 'log_name', 'method_name', 'window_size']);

function removePrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function isTensorLike(value: unknown): value is { toString(): string } {
  return (
    ArrayBuffer.isView(value) ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as { dataSync?: unknown }).dataSync === 'function' &&
      Array.isArray((value as { shape?: unknown }).shape))
  );
}

function repr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    if (text === undefined) return String(value);
    // Python-like spacing: {"cat": 1, "dog": 0}
    return text.replace(/("(?:[^"\\]|\\.)*")|([:,])/g, (_m, str: string | undefined, sep: string | undefined) =>
      str !== undefined ? str : `${sep} `,
    );
  } catch {
    return String(value);
  }
}

/**
 * MMEngine's `LogProcessor`: turns the message hub's scalars into the log line and the tag dict the visualizer
 * receives. Losses and times (keys matching `mean_pattern`) are averaged over the last `window_size` iterations,
 * everything else shows its latest value; `custom_cfg` overrides or adds statistics.
 *
 * @example
 * ```ts
 * const processor = new LogProcessor({
 *   window_size: 10,
 *   custom_cfg: [{ data_src: 'loss', log_name: 'loss_global', method_name: 'mean', window_size: 'global' }],
 * });
 * const [tag, line] = processor.getLogAfterIter(runner, batchIdx, 'train');
 * // line: 'Epoch(train) [1][10/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  loss: 1.7388  loss_global: ...'
 * ```
 */
const windowSizeSchema = z.union([z.number().int().nonnegative(), z.enum(['epoch', 'global'])]);
const customCfgSchema = z
  .array(
    z.looseObject({
      data_src: z.string(),
      log_name: z.string().optional(),
      method_name: z.string(),
      window_size: windowSizeSchema.optional(),
    }),
  )
  .nullable()
  .optional();

export class LogProcessor {
  /** The options a registry build accepts (unknown keys are refused, with the nearest valid ones). */
  static readonly optionsSchema = optionsSchema<LogProcessorOptions>({
    window_size: z.number().int().nonnegative().optional(),
    by_epoch: z.boolean().optional(),
    custom_cfg: customCfgSchema,
    num_digits: z.number().int().nonnegative().optional(),
    log_with_hierarchy: z.boolean().optional(),
    mean_pattern: z.union([z.string(), z.instanceof(RegExp)]).optional(),
    windowSize: z.number().int().nonnegative().optional(),
    byEpoch: z.boolean().optional(),
    customCfg: customCfgSchema,
    numDigits: z.number().int().nonnegative().optional(),
    logWithHierarchy: z.boolean().optional(),
    meanPattern: z.union([z.string(), z.instanceof(RegExp)]).optional(),
  });

  readonly windowSize: number;
  readonly byEpoch: boolean;
  readonly customCfg: readonly LogCustomCfg[];
  readonly numDigits: number;
  readonly logWithHierarchy: boolean;
  readonly meanPattern: RegExp;
  private readonly _meanKeys = new Map<string, boolean>();

  constructor(options: LogProcessorOptions = {}) {
    this.windowSize = options.window_size ?? options.windowSize ?? 10;
    this.byEpoch = options.by_epoch ?? options.byEpoch ?? true;
    this.customCfg = [...(options.custom_cfg ?? options.customCfg ?? [])];
    this.numDigits = options.num_digits ?? options.numDigits ?? 4;
    this.logWithHierarchy = options.log_with_hierarchy ?? options.logWithHierarchy ?? false;
    const pattern = options.mean_pattern ?? options.meanPattern ?? DEFAULT_MEAN_PATTERN;
    // A global or sticky RegExp keeps state between test() calls; the pattern is only ever searched.
    this.meanPattern =
      typeof pattern === 'string'
        ? new RegExp(pattern)
        : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    if (!Number.isInteger(this.windowSize) || this.windowSize < 0) {
      throw new TypeError(
        `LogProcessor: window_size must be a non-negative integer, but got ${String(this.windowSize)}`,
      );
    }
    if (!Number.isInteger(this.numDigits) || this.numDigits < 0 || this.numDigits > 100) {
      throw new TypeError(`LogProcessor: num_digits must be an integer in [0, 100], but got ${String(this.numDigits)}`);
    }
    this._checkCustomCfg();
  }

  /**
   * The tag and the line logged after a train, val or test iteration, e.g.
   * `Epoch(train) [1][10/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  loss: 1.7388`.
   */
  getLogAfterIter(runner: RunnerLike, batchIdx: number, mode: RunMode): [LogTag, string] {
    this._checkMode(mode, ['train', 'val', 'test'], 'getLogAfterIter');
    const parsedCfg = this.parseWindowSize(runner, batchIdx, this.customCfg);
    const logTag = this.collectScalars(parsedCfg, runner, mode);
    const tag: LogTag = this.logWithHierarchy ? this.collectScalars(parsedCfg, runner, mode, true) : { ...logTag };

    const lrParts: string[] = [];
    for (const [key, value] of Object.entries(tag)) {
      if (!key.endsWith('lr')) continue;
      const name = removePrefix(key, `${mode}/`);
      delete logTag[name];
      lrParts.push(`${name}: ${this._formatExp(value)}`);
    }

    let logStr: string;
    const trainLoopBuilt = this._trainLoopBuilt(runner);
    if (this.byEpoch) {
      const dataloaderLen = this.getDataloaderSize(runner, mode);
      const curIterStr = rjust(String(this.getIter(runner, batchIdx)), String(dataloaderLen).length);
      if (mode === 'train' || mode === 'val') {
        const curEpoch = this.getEpoch(runner, mode);
        // Right-align the epoch so lines of epoch 9 and 10 keep their columns: " [9]" / "[10]".
        const curEpochStr = trainLoopBuilt
          ? rjust(`[${curEpoch}]`, String(runner.maxEpochs).length + 3)
          : `[${curEpoch}]`;
        tag['epoch'] = curEpoch;
        logStr = `Epoch(${mode})${curEpochStr}[${curIterStr}/${dataloaderLen}]  `;
      } else {
        logStr = `Epoch(${mode}) [${curIterStr}/${dataloaderLen}]  `;
      }
    } else if (mode === 'train') {
      const curIterStr = rjust(String(this.getIter(runner, batchIdx)), String(runner.maxIters).length);
      logStr = `Iter(${mode}) [${curIterStr}/${runner.maxIters}]  `;
    } else {
      const dataloaderLen = this.getDataloaderSize(runner, mode);
      const curIterStr = rjust(String(batchIdx + 1), String(dataloaderLen).length);
      logStr = `Iter(${mode}) [${curIterStr}/${dataloaderLen}]  `;
    }
    tag['iter'] = trainLoopBuilt ? runner.iter + 1 : 0;
    logStr += `${lrParts.join(' ')}  `;

    if ('time' in logTag && 'data_time' in logTag && 'eta' in runner.messageHub.runtimeInfo) {
      const eta = Number(runner.messageHub.getInfo('eta'));
      logStr += `eta: ${formatDuration(eta)}  `;
      logStr += `time: ${this._formatValue(logTag['time'])}  data_time: ${this._formatValue(logTag['data_time'])}  `;
      delete logTag['time'];
      delete logTag['data_time'];
    }

    const memory = this.getMaxMemory(runner);
    if (memory !== undefined) {
      logStr += `memory: ${memory}  `;
      tag['memory'] = memory;
    }

    if (mode === 'train' || mode === 'val') {
      const items: string[] = [];
      for (const [name, value] of Object.entries(logTag)) {
        if (mode === 'val' && !name.startsWith('val/loss')) continue;
        items.push(`${name}: ${this._formatValue(value)}`);
      }
      logStr += items.join('  ');
    }
    return [tag, logStr];
  }

  /**
   * The tag and the line logged after a val or test epoch: the metrics, non-scalar information when
   * `withNonScalar`, and `time`/`data_time` averaged over the epoch, e.g. `Epoch(val) [1][10/10]    accuracy: 0.9000`.
   */
  getLogAfterEpoch(
    runner: RunnerLike,
    batchIdx: number,
    mode: 'val' | 'test',
    withNonScalar = false,
  ): [LogTag, string] {
    this._checkMode(mode, ['val', 'test'], 'getLogAfterEpoch');
    const dataloaderLen = this.getDataloaderSize(runner, mode);
    let logStr: string;
    if (this.byEpoch) {
      logStr =
        mode === 'val'
          ? `Epoch(${mode}) [${this.getEpoch(runner, mode)}][${dataloaderLen}/${dataloaderLen}]  `
          : `Epoch(${mode}) [${dataloaderLen}/${dataloaderLen}]  `;
    } else {
      logStr = `Iter(${mode}) [${dataloaderLen}/${dataloaderLen}]  `;
    }

    const cfg: LogCustomCfg[] = this.customCfg.map((c) => ({ ...c }));
    const customKeys = new Set(cfg.map((c) => removePrefix(c.data_src, `${mode}/`)));
    // time and data_time are averaged over the whole epoch unless custom_cfg says otherwise.
    if (!customKeys.has('time')) cfg.push({ data_src: 'time', window_size: 'epoch', method_name: 'mean' });
    if (!customKeys.has('data_time')) cfg.push({ data_src: 'data_time', window_size: 'epoch', method_name: 'mean' });
    const parsedCfg = this.parseWindowSize(runner, batchIdx, cfg);
    const oriTag = this.collectScalars(parsedCfg, runner, mode, this.logWithHierarchy);
    const nonScalarTag = this.collectNonScalars(runner, mode);

    const timeKeys = new Set([`${mode}/time`, `${mode}/data_time`, 'time', 'data_time']);
    const tag: LogTag = {};
    const timeTag: LogTag = {};
    for (const [key, value] of Object.entries(oriTag)) {
      if (timeKeys.has(key)) timeTag[key] = value;
      else tag[key] = value;
    }
    const items: string[] = [];
    for (const entries of [tag, nonScalarTag, timeTag]) {
      for (const [name, value] of Object.entries(entries)) items.push(`${name}: ${this._formatValue(value)}`);
    }
    logStr += `  ${items.join('  ')}`;
    if (withNonScalar) Object.assign(tag, nonScalarTag);
    Object.assign(tag, timeTag);
    return [tag, logStr];
  }

  /**
   * Statistics of the scalars of `mode`: keys matching `mean_pattern` averaged over `window_size`, the rest at their
   * latest value, then each `customCfg` entry (with integer window sizes, see {@link LogProcessor.parseWindowSize}).
   * Keys lose their `mode/` prefix unless `reservePrefix`.
   */
  collectScalars(customCfg: readonly LogCustomCfg[], runner: RunnerLike, mode: RunMode, reservePrefix = false): LogTag {
    const tag: LogTag = {};
    const modeScalars = new Map<string, Pick<HistoryBuffer, 'mean' | 'current' | 'statistics'>>();
    const prefix = `${mode}/`;
    for (const [prefixKey, buffer] of Object.entries(runner.messageHub.logScalars)) {
      if (!prefixKey.startsWith(mode)) continue;
      modeScalars.set(reservePrefix ? prefixKey : removePrefix(prefixKey, prefix), buffer);
    }
    for (const [key, buffer] of modeScalars) {
      tag[key] = this._isMeanKey(key) ? buffer.mean(this.windowSize) : buffer.current();
    }
    for (const cfg of customCfg) {
      let dataSrc = cfg.data_src;
      let logName = cfg.log_name ?? dataSrc;
      if (reservePrefix) {
        dataSrc = `${prefix}${dataSrc}`;
        logName = `${prefix}${logName}`;
      }
      const buffer = modeScalars.get(dataSrc);
      // A custom entry only applies in the mode whose scalars hold its data source.
      if (buffer !== undefined) tag[logName] = buffer.statistics(cfg.method_name, ...statisticsArgs(cfg));
    }
    return tag;
  }

  /** Runtime information of `mode` (`val/...`, `test/...`), without the prefix unless `log_with_hierarchy`. */
  collectNonScalars(runner: RunnerLike, mode: RunMode): LogTag {
    const tag: LogTag = {};
    for (const [prefixKey, value] of Object.entries(runner.messageHub.runtimeInfo)) {
      if (!prefixKey.startsWith(mode)) continue;
      tag[this.logWithHierarchy ? prefixKey : removePrefix(prefixKey, `${mode}/`)] = value;
    }
    return tag;
  }

  /** Copies of `customCfg` with `window_size` `'epoch'` as `batchIdx + 1` and `'global'` as `runner.iter + 1`. */
  parseWindowSize(
    runner: Pick<RunnerLike, 'iter'>,
    batchIdx: number,
    customCfg: readonly LogCustomCfg[] = this.customCfg,
  ): LogCustomCfg[] {
    return customCfg.map((cfg) => {
      const windowSize = cfg.window_size;
      if (windowSize === undefined || windowSize === null || Number.isInteger(windowSize)) return { ...cfg };
      if (windowSize === 'epoch') return { ...cfg, window_size: batchIdx + 1 };
      if (windowSize === 'global') return { ...cfg, window_size: runner.iter + 1 };
      throw new TypeError(
        `LogProcessor: window_size should be an integer, 'epoch' or 'global', but got invalid ${repr(windowSize)} (custom_cfg entry for '${cfg.data_src}')`,
      );
    });
  }

  /** The 1-based iteration shown in the line: the batch within the epoch when `by_epoch`, else the global one. */
  getIter(runner: Pick<RunnerLike, 'iter'>, batchIdx: number): number {
    return this.byEpoch ? batchIdx + 1 : runner.iter + 1;
  }

  /** The epoch shown: `epoch + 1` while training; `epoch` in validation (0 when there is no training loop). */
  getEpoch(runner: RunnerLike, mode: RunMode): number {
    if (mode === 'train') return runner.epoch + 1;
    if (mode === 'val') return this._trainLoopBuilt(runner) ? runner.epoch : 0;
    throw new TypeError(`LogProcessor.getEpoch: runner mode should be 'train' or 'val', but got '${mode}'`);
  }

  /** The loop of `mode`. */
  getCurLoop(runner: RunnerLike, mode: RunMode): LoopLike {
    const loop = mode === 'train' ? runner.trainLoop : mode === 'val' ? runner.valLoop : runner.testLoop;
    if (!loop || typeof loop !== 'object' || !('dataloader' in loop)) {
      throw new TypeError(`LogProcessor: the runner has no built ${mode} loop (runner.${mode}Loop.dataloader)`);
    }
    return loop as LoopLike;
  }

  /** The number of batches of the current loop's dataloader. */
  getDataloaderSize(runner: RunnerLike, mode: RunMode): number {
    return this.getCurLoop(runner, mode).dataloader.length;
  }

  /** Peak memory in MB to show as `memory: N`, or undefined to show none. Override to measure it another way. */
  getMaxMemory(runner: RunnerLike): number | undefined {
    const memory = runner.getMaxMemory?.();
    return typeof memory === 'number' ? memory : undefined;
  }

  private _trainLoopBuilt(runner: RunnerLike): boolean {
    const loop = runner.trainLoop;
    return loop !== null && typeof loop === 'object' && 'dataloader' in loop;
  }

  private _isMeanKey(key: string): boolean {
    let result = this._meanKeys.get(key);
    if (result === undefined) {
      result = this.meanPattern.test(key);
      this._meanKeys.set(key, result);
    }
    return result;
  }

  private _formatValue(value: unknown): string {
    if (typeof value === 'number') return formatFixed(value, this.numDigits);
    // Tensors and arrays get a line of their own, as MMEngine prints them.
    if (isTensorLike(value))
      return `\n${ArrayBuffer.isView(value) ? repr(Array.from(value as unknown as ArrayLike<number>)) : value.toString()}\n`;
    return repr(value);
  }

  private _formatExp(value: unknown): string {
    return typeof value === 'number' ? formatExponential(value, this.numDigits) : repr(value);
  }

  private _checkMode(mode: string, allowed: readonly string[], method: string): void {
    if (!allowed.includes(mode)) {
      throw new TypeError(`LogProcessor.${method}: mode must be one of ${allowed.join(', ')}, but got '${mode}'`);
    }
  }

  private _checkCustomCfg(): void {
    const seen = new Set<string>();
    for (const [i, cfg] of this.customCfg.entries()) {
      if (cfg === null || typeof cfg !== 'object' || typeof cfg.data_src !== 'string') {
        throw new LoggingError(
          'INVALID_CUSTOM_CFG',
          `LogProcessor: custom_cfg[${i}] must be an object with a string 'data_src', but got ${repr(cfg)}`,
        );
      }
      const logName = cfg.log_name ?? cfg.data_src;
      if (seen.has(logName)) {
        throw new LoggingError(
          'INVALID_CUSTOM_CFG',
          `LogProcessor: found duplicate log_name '${logName}' for data_src '${cfg.data_src}' in custom_cfg[${i}]. ` +
            `Give each statistic of a data_src its own log_name; at most one entry per data_src may omit log_name (it overwrites the default statistic).`,
        );
      }
      seen.add(logName);
    }
    for (const [i, cfg] of this.customCfg.entries()) {
      if (!this.byEpoch && cfg.window_size === 'epoch') {
        throw new LoggingError(
          'INVALID_CUSTOM_CFG',
          `LogProcessor: custom_cfg[${i}] ('${cfg.data_src}') has window_size 'epoch', which needs by_epoch=true`,
        );
      }
      const windowSize = cfg.window_size;
      if (
        windowSize !== undefined &&
        windowSize !== null &&
        !Number.isInteger(windowSize) &&
        windowSize !== 'epoch' &&
        windowSize !== 'global'
      ) {
        throw new LoggingError(
          'INVALID_CUSTOM_CFG',
          `LogProcessor: custom_cfg[${i}] ('${cfg.data_src}') has window_size ${repr(windowSize)}; expected an integer, 'epoch' or 'global'`,
        );
      }
      if (typeof cfg.method_name !== 'string') {
        throw new LoggingError(
          'INVALID_CUSTOM_CFG',
          `LogProcessor: custom_cfg[${i}] ('${cfg.data_src}') needs a 'method_name' (a HistoryBuffer statistics method such as 'mean', 'min', 'max' or 'current')`,
        );
      }
    }
  }
}

/** The arguments a custom_cfg entry passes to `HistoryBuffer.statistics`: its window size, then any other keys. */
function statisticsArgs(cfg: LogCustomCfg): unknown[] {
  const args: unknown[] = [];
  if (cfg.window_size !== undefined && cfg.window_size !== null) args.push(cfg.window_size);
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(cfg)) {
    if (RESERVED_CFG_KEYS.has(key)) continue;
    extra ??= {};
    extra[key] = cfg[key];
  }
  if (extra) args.push(extra);
  return args;
}

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    LOG_PROCESSORS: LogProcessor;
  }
}

registerBuiltins(LOG_PROCESSORS, '@eng/logging', { LogProcessor });
