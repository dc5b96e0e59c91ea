import { describe, didYouMean } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { joinPath, putText } from '@eng/fileio';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { type HookResult, Hook } from './hook';

/** torch.profiler's `schedule`: skip `skip_first` steps, then cycles of `wait` idle, `warmup` and `active` recorded steps. */
export interface ProfilerSchedule {
  wait: number;
  warmup: number;
  active: number;
  /** How many cycles (default 0: until the profiled window ends). */
  repeat?: number;
  skip_first?: number;
}

/** `on_trace_ready: { type: 'log_trace' }` logs the kernel table of each recorded cycle. */
export interface LogTraceCfg {
  type: 'log_trace' | 'tb_trace';
  /** The column to sort by: `total_ms` (default), `mean_ms`, `count`, `bytes`, `name`, or a torch name such as `self_cpu_time_total`. */
  sort_by?: string;
  /** Rows of the table (default 100, as torch). */
  row_limit?: number;
  dir_name?: string;
}

/** What `on_trace_ready` receives when given a function. */
export type TraceReadyHandler = (report: ProfileReport) => void | Promise<void>;

export interface ProfilerHookOptions {
  /** Profile the first epoch (true, the default) or the first `profile_times` iterations. */
  by_epoch?: boolean;
  /** How many epochs (only 1) or iterations to profile (default 1). */
  profile_times?: number;
  /** Accepted for MMEngine's configs: tf.profile records every kernel of the active backend, whatever its device. */
  activity_with_cpu?: boolean;
  /** Accepted for MMEngine's configs, as `activity_with_cpu`. */
  activity_with_cuda?: boolean;
  /** Which iterations of the window are recorded (default: all). */
  schedule?: ProfilerSchedule | null;
  /** `{ type: 'log_trace', sort_by?, row_limit? }` or a function of the report; called at the end of each cycle. */
  on_trace_ready?: LogTraceCfg | TraceReadyHandler | null;
  /** Keep the input shapes each kernel ran on (default false). */
  record_shapes?: boolean;
  /** Add the peak memory and the tensors each kernel left (default false). */
  profile_memory?: boolean;
  /** Not available in TensorFlow.js (ignored with a warning). */
  with_stack?: boolean;
  /** Not available in TensorFlow.js (ignored with a warning). */
  with_flops?: boolean;
  /** Where the JSON report goes (default `<logDir>/profiler_kernels.json`); any fileio URI. */
  json_trace_path?: string | null;
}

/** One kernel's totals over the recorded iterations. */
export interface KernelStats {
  name: string;
  count: number;
  total_ms: number;
  mean_ms: number;
  /** Bytes the kernel's outputs added. */
  bytes: number;
  /** With `profile_memory`: tensors the kernel left. */
  tensors?: number;
  /** With `record_shapes`: the distinct input shapes, e.g. `[32,784] [784,128]`. */
  input_shapes?: string[];
}

/** The kernels of the recorded iterations (one cycle, or the whole window). */
export interface ProfileReport {
  backend: string;
  /** `runner.iter` of each recorded iteration. */
  iterations: number[];
  /** Wall time of the recorded `trainStep` calls (kernel timing included: profiling slows them down). */
  wall_ms: number;
  /** The sum of the kernels' times. */
  kernel_ms: number;
  /** With `profile_memory`: the most bytes tensors held while a kernel ran. */
  peak_bytes?: number;
  /** Kernels by total time, longest first. */
  kernels: KernelStats[];
}

const count = z.number().int();
const scheduleShape = z.strictObject({
  wait: count,
  warmup: count,
  active: count,
  repeat: count.optional(),
  skip_first: count.optional(),
});
const shape = {
  by_epoch: z.boolean().optional(),
  profile_times: count.optional(),
  activity_with_cpu: z.boolean().optional(),
  activity_with_cuda: z.boolean().optional(),
  schedule: scheduleShape.nullable().optional(),
  on_trace_ready: z
    .union([
      z.custom<TraceReadyHandler>((v) => typeof v === 'function', 'a function'),
      z.looseObject({ type: z.string() }),
    ])
    .nullable()
    .optional() as unknown as z.ZodType<LogTraceCfg | TraceReadyHandler | null | undefined>,
  record_shapes: z.boolean().optional(),
  profile_memory: z.boolean().optional(),
  with_stack: z.boolean().optional(),
  with_flops: z.boolean().optional(),
  json_trace_path: z.string().nullable().optional(),
} satisfies ShapeOf<ProfilerHookOptions>;

type SortKey = 'total_ms' | 'mean_ms' | 'count' | 'bytes' | 'name';
const SORT_KEYS: SortKey[] = ['total_ms', 'mean_ms', 'count', 'bytes', 'name'];
const LOG_TRACE_KEYS = ['type', 'sort_by', 'row_limit'];

/** Our column for a `sort_by` of ours or of torch's `key_averages().table` (`self_cpu_time_total`, `cpu_memory_usage`, …). */
function sortKeyOf(sortBy: string | undefined): SortKey {
  if (sortBy === undefined) return 'total_ms';
  if ((SORT_KEYS as string[]).includes(sortBy)) return sortBy as SortKey;
  if (sortBy === 'count') return 'count';
  if (/time/.test(sortBy)) return 'total_ms';
  if (/memory/.test(sortBy)) return 'bytes';
  const hint = didYouMean(sortBy, SORT_KEYS);
  throw new RunnerError(
    'BAD_OPTIONS',
    `ProfilerHook: on_trace_ready.sort_by "${sortBy}" is not a column.${hint ? ` ${hint}` : ''} Columns: ${SORT_KEYS.join(', ')} (or a torch name with "time" or "memory")`,
  );
}

type Action = 'NONE' | 'WARMUP' | 'RECORD' | 'RECORD_AND_SAVE';

/** torch.profiler.schedule's action for a step. */
function scheduleAction(schedule: Required<ProfilerSchedule>, step: number): Action {
  if (step < schedule.skip_first) return 'NONE';
  const s = step - schedule.skip_first;
  const cycle = schedule.wait + schedule.warmup + schedule.active;
  if (schedule.repeat > 0 && Math.floor(s / cycle) >= schedule.repeat) return 'NONE';
  const mod = s % cycle;
  if (mod < schedule.wait) return 'NONE';
  if (mod < schedule.wait + schedule.warmup) return 'WARMUP';
  return mod < cycle - 1 ? 'RECORD' : 'RECORD_AND_SAVE';
}

/** What one profiled `trainStep` left, copied out of tfjs's profile (which tfjs reuses for the next one). */
interface IterationRecord {
  wallMs: number;
  peakBytes: number;
  kernels: Array<{ name: string; ms: number; bytes: number; tensors: number; shapes: string }>;
}

function shapesText(shapes: ReadonlyArray<readonly number[] | null>): string {
  return shapes.map((s) => (s === null ? '-' : `[${s.join(',')}]`)).join(' ');
}

/** Kernel totals over several iterations. */
class KernelTotals {
  readonly iterations: number[] = [];
  private _wallMs = 0;
  private _peakBytes = 0;
  private readonly _kernels = new Map<
    string,
    { count: number; ms: number; bytes: number; tensors: number; shapes: Set<string> }
  >();

  get empty(): boolean {
    return this.iterations.length === 0;
  }

  add(iter: number, record: IterationRecord): void {
    this.iterations.push(iter);
    this._wallMs += record.wallMs;
    this._peakBytes = Math.max(this._peakBytes, record.peakBytes);
    for (const k of record.kernels) {
      let entry = this._kernels.get(k.name);
      if (entry === undefined) {
        entry = { count: 0, ms: 0, bytes: 0, tensors: 0, shapes: new Set() };
        this._kernels.set(k.name, entry);
      }
      entry.count += 1;
      entry.ms += k.ms;
      entry.bytes += k.bytes;
      entry.tensors += k.tensors;
      entry.shapes.add(k.shapes);
    }
  }

  report(backend: string, options: { shapes: boolean; memory: boolean }): ProfileReport {
    const kernels: KernelStats[] = [...this._kernels].map(([name, e]) => ({
      name,
      count: e.count,
      total_ms: e.ms,
      mean_ms: e.ms / e.count,
      bytes: e.bytes,
      ...(options.memory ? { tensors: e.tensors } : {}),
      ...(options.shapes ? { input_shapes: [...e.shapes] } : {}),
    }));
    kernels.sort((a, b) => b.total_ms - a.total_ms);
    return {
      backend,
      iterations: [...this.iterations],
      wall_ms: this._wallMs,
      kernel_ms: kernels.reduce((sum, k) => sum + k.total_ms, 0),
      ...(options.memory ? { peak_bytes: this._peakBytes } : {}),
      kernels,
    };
  }
}

function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${bytes} B`;
  if (abs < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The kernel table of a report, as `log_trace` prints it. */
export function formatKernelTable(report: ProfileReport, options: { sortBy?: string; rowLimit?: number } = {}): string {
  const key = sortKeyOf(options.sortBy);
  const rows = [...report.kernels].sort((a, b) =>
    key === 'name' ? a.name.localeCompare(b.name) : (b[key] as number) - (a[key] as number),
  );
  const limit = options.rowLimit ?? 100;
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  const width = Math.max(6, ...shown.map((k) => k.name.length));
  const header = `${'Kernel'.padEnd(width)}  ${'Count'.padStart(7)}  ${'Total ms'.padStart(10)}  ${'Mean ms'.padStart(9)}  ${'Bytes'.padStart(10)}`;
  const lines = [header, '-'.repeat(header.length)];
  for (const k of shown) {
    lines.push(
      `${k.name.padEnd(width)}  ${String(k.count).padStart(7)}  ${k.total_ms.toFixed(3).padStart(10)}  ${k.mean_ms.toFixed(3).padStart(9)}  ${formatBytes(k.bytes).padStart(10)}`,
    );
  }
  lines.push(
    `${report.kernels.length} kernels over ${report.iterations.length} iteration(s) on ${report.backend}: ${report.kernel_ms.toFixed(3)} ms in kernels, ${report.wall_ms.toFixed(3)} ms wall`,
  );
  return lines.join('\n');
}

type TrainStep = (...args: unknown[]) => unknown;

/**
 * MMEngine's `ProfilerHook` (priority VERY_LOW) on TensorFlow.js's profiler: the first epoch (`by_epoch`) or the first
 * `profile_times` iterations of training are profiled with `tf.profile`, each `trainStep` call on its own, and
 * the kernels are summed by name (count, time, bytes). At the end of the window a JSON report is written to
 * `json_trace_path` (default `<logDir>/profiler_kernels.json`) and, without `on_trace_ready`, the ten longest
 * kernels are logged. `schedule` picks the recorded iterations as torch's does; `on_trace_ready` gets each cycle:
 * `{ type: 'log_trace', sort_by, row_limit }` logs its table, a function receives its report.
 *
 * Only the model's `trainStep` is profiled (forward, backward and the optimizer step), not data loading or other
 * hooks. The report is a kernel table, not a Chrome trace; TensorBoard traces (`tb_trace`) are not available.
 *
 * @example
 * const runner = new Runner({
 *   ...parts,
 *   custom_hooks: [{ type: 'ProfilerHook', by_epoch: false, profile_times: 5, on_trace_ready: { type: 'log_trace' } }],
 * });
 */
export class ProfilerHook extends Hook {
  static readonly optionsSchema = optionsSchema<ProfilerHookOptions>(shape);
  override priority: Hook['priority'] = 'VERY_LOW';

  readonly byEpoch: boolean;
  readonly profileTimes: number;
  readonly schedule: Required<ProfilerSchedule> | undefined;
  readonly onTraceReady: LogTraceCfg | TraceReadyHandler | undefined;
  readonly recordShapes: boolean;
  readonly profileMemory: boolean;
  readonly withStack: boolean;
  readonly withFlops: boolean;
  readonly jsonTracePath: string | undefined;
  /** The reports of the cycles delivered so far (one for the whole window without a schedule). */
  readonly cycles: ProfileReport[] = [];
  /** Where the JSON report was written, once the window has ended. */
  reportPath: string | undefined;

  private _closed = false;
  private _step = 0;
  private _iter = 0;
  private _recordNext = false;
  private _pending: Promise<IterationRecord> | undefined;
  private _cycle = new KernelTotals();
  private _total = new KernelTotals();
  private _restore: (() => void) | undefined;

  constructor(options: ProfilerHookOptions = {}) {
    super();
    const byEpoch = options.by_epoch ?? true;
    const times = options.profile_times ?? 1;
    if (typeof byEpoch !== 'boolean') {
      throw new RunnerError('BAD_OPTIONS', `ProfilerHook: by_epoch should be a boolean, got ${describe(byEpoch)}`);
    }
    if (!Number.isInteger(times) || times < 1) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: profile_times should be greater than 0, but got ${describe(times)}`,
      );
    }
    if (byEpoch && times > 1) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: profiler will profile 0-${times} epochs. Since profiling slows training down, profile 1 epoch (profile_times: 1) and adjust your settings from its summary, or profile iterations (by_epoch: false)`,
      );
    }
    this.byEpoch = byEpoch;
    this.profileTimes = times;
    this.schedule = options.schedule == null ? undefined : ProfilerHook._checkSchedule(options.schedule);
    this.onTraceReady =
      options.on_trace_ready == null ? undefined : ProfilerHook._checkTraceReady(options.on_trace_ready);
    this.recordShapes = options.record_shapes ?? false;
    this.profileMemory = options.profile_memory ?? false;
    this.withStack = options.with_stack ?? false;
    this.withFlops = options.with_flops ?? false;
    this.jsonTracePath = options.json_trace_path ?? undefined;
  }

  private static _checkSchedule(schedule: ProfilerSchedule): Required<ProfilerSchedule> {
    const s = schedule as unknown as Record<string, unknown>;
    const missing = ['wait', 'warmup', 'active'].filter((k) => s[k] === undefined);
    if (missing.length > 0) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: schedule needs ${missing.join(', ')} (got keys: ${Object.keys(s).join(', ') || 'none'})`,
      );
    }
    const full = { repeat: 0, skip_first: 0, ...schedule };
    for (const [key, value] of Object.entries(full)) {
      const min = key === 'active' ? 1 : 0;
      if (!Number.isInteger(value) || (value as number) < min) {
        throw new RunnerError(
          'BAD_OPTIONS',
          `ProfilerHook: schedule.${key} should be an integer >= ${min}, got ${describe(value)}`,
        );
      }
    }
    return full;
  }

  private static _checkTraceReady(value: unknown): LogTraceCfg | TraceReadyHandler {
    if (typeof value === 'function') return value as TraceReadyHandler;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: on_trace_ready should be a handler, or dict, or null, but got ${describe(value)}`,
      );
    }
    const cfg = value as Record<string, unknown>;
    if (cfg.type === 'tb_trace') {
      throw new RunnerError(
        'NOT_SUPPORTED',
        "ProfilerHook: on_trace_ready type 'tb_trace' (TensorBoard traces) is not available with TensorFlow.js; use { type: 'log_trace' } and the JSON report (json_trace_path)",
      );
    }
    if (cfg.type !== 'log_trace') {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: trace_type should be "log_trace" or "tb_trace", but got ${describe(cfg.type)}`,
      );
    }
    for (const key of Object.keys(cfg)) {
      if (LOG_TRACE_KEYS.includes(key)) continue;
      const hint = didYouMean(key, LOG_TRACE_KEYS);
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: on_trace_ready has no option "${key}".${hint ? ` ${hint}` : ''} Options: ${LOG_TRACE_KEYS.join(', ')}`,
      );
    }
    sortKeyOf(cfg.sort_by as string | undefined);
    if (cfg.row_limit !== undefined && !Number.isInteger(cfg.row_limit)) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: on_trace_ready.row_limit should be an integer, got ${describe(cfg.row_limit)}`,
      );
    }
    return cfg as unknown as LogTraceCfg;
  }

  /** Whether the profiled window is over (the report is written then). */
  get closed(): boolean {
    return this._closed;
  }

  override beforeRun(runner: Runner): void {
    // val() and test() run no training: nothing to profile.
    if (!runner.hasTrainLoop || this._closed || this._restore !== undefined) return;
    const maxTimes = this.byEpoch ? runner.maxEpochs : runner.maxIters;
    if (maxTimes < this.profileTimes) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `ProfilerHook: profile_times should not be greater than ${maxTimes}, got ${this.profileTimes}`,
      );
    }
    for (const [flag, name] of [
      [this.withStack, 'with_stack'],
      [this.withFlops, 'with_flops'],
    ] as const) {
      if (flag)
        runner.logger.warning(`ProfilerHook: ${name} is not available with TensorFlow.js's profiler and is ignored`);
    }
    this._wrapTrainStep(runner);
    runner.logger.info('profiler is profiling...');
  }

  override beforeTrainIter(runner: Runner, _batchIdx?: number, _dataBatch?: unknown): void {
    this._iter = runner.iter;
    this._recordNext = !this._closed && this._restore !== undefined && this._recording(this._step);
  }

  override afterTrainIter(
    runner: Runner,
    _batchIdx?: number,
    _dataBatch?: unknown,
    _outputs?: Record<string, number>,
  ): HookResult {
    if (this._closed || this._restore === undefined) return;
    return this._stepProfiler(runner);
  }

  override afterTrainEpoch(runner: Runner): HookResult {
    // IterBasedTrainLoop calls afterTrainEpoch once at its end too; the window may have closed already.
    if (this._closed || this._restore === undefined) return;
    return this._export(runner);
  }

  override afterRun(runner: Runner): void {
    this._unwrap(runner);
  }

  private _recording(step: number): boolean {
    if (this.schedule === undefined) return true;
    const action = scheduleAction(this.schedule, step);
    return action === 'RECORD' || action === 'RECORD_AND_SAVE';
  }

  private async _stepProfiler(runner: Runner): Promise<void> {
    const pending = this._pending;
    this._pending = undefined;
    if (pending !== undefined) {
      const record = await pending;
      this._cycle.add(this._iter, record);
      this._total.add(this._iter, record);
    }
    const action = this.schedule === undefined ? 'RECORD' : scheduleAction(this.schedule, this._step);
    this._step += 1;
    if (action === 'RECORD_AND_SAVE') await this._traceReady(runner);
    if (!this.byEpoch && runner.iter === this.profileTimes - 1) await this._export(runner);
  }

  /** Profiles each `trainStep` the schedule records, until the window closes. */
  private _wrapTrainStep(runner: Runner): void {
    const model = runner.model as unknown as { trainStep: TrainStep };
    const original = model.trainStep;
    const own = Object.hasOwn(model, 'trainStep');
    model.trainStep = (...args: unknown[]): unknown => {
      const record = this._recordNext;
      this._recordNext = false;
      // Inside someone else's tf.profile a nested one would clear their kernels: leave it to them.
      if (!record || tf.engine().state.profiling) return original.apply(model, args);
      return this._profileCall(() => original.apply(model, args));
    };
    this._restore = () => {
      if (own) model.trainStep = original;
      else delete (model as Partial<typeof model>).trainStep;
    };
  }

  private _unwrap(_runner: Runner): void {
    this._restore?.();
    this._restore = undefined;
    this._recordNext = false;
  }

  private _profileCall(step: () => unknown): unknown {
    let out: unknown;
    let failure: { error: unknown } | undefined;
    const start = performance.now();
    // tf.profile runs its function at once and records kernels until its promise continues; the loop calls the
    // other hooks synchronously after trainStep, so recording is switched off here, as soon as trainStep returns.
    const profile = tf.profile(() => {
      try {
        out = step();
      } catch (error) {
        failure = { error };
      }
      return [];
    });
    tf.engine().state.profiling = false;
    const wallMs = performance.now() - start;
    if (failure !== undefined) {
      profile.catch(() => undefined);
      throw failure.error;
    }
    // tfjs reuses its profile object for the next call: copy what the report needs as soon as it resolves.
    this._pending = profile.then((info) => ({
      wallMs,
      peakBytes: info.kernels.reduce((m, k) => Math.max(m, k.totalBytesSnapshot), 0),
      kernels: info.kernels.map((k) => ({
        name: k.name,
        ms: typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0,
        bytes: k.bytesAdded,
        tensors: k.tensorsAdded,
        shapes: this.recordShapes ? shapesText(k.inputShapes) : '',
      })),
    }));
    return out;
  }

  private _reportOf(totals: KernelTotals): ProfileReport {
    return totals.report(tf.getBackend() ?? 'none', { shapes: this.recordShapes, memory: this.profileMemory });
  }

  /** Hands the current cycle to `on_trace_ready`. */
  private async _traceReady(runner: Runner): Promise<void> {
    if (this._cycle.empty) return;
    const report = this._reportOf(this._cycle);
    this._cycle = new KernelTotals();
    this.cycles.push(report);
    const handler = this.onTraceReady;
    if (typeof handler === 'function') await handler(report);
    else if (handler !== undefined) {
      runner.logger.info(
        `Profile of iterations ${report.iterations.join(', ')}:\n${formatKernelTable(report, {
          ...(handler.sort_by === undefined ? {} : { sortBy: handler.sort_by }),
          ...(handler.row_limit === undefined ? {} : { rowLimit: handler.row_limit }),
        })}`,
      );
    }
  }

  /** Ends the window: the last cycle to `on_trace_ready`, the JSON report written, `trainStep` restored. */
  private async _export(runner: Runner): Promise<void> {
    this._closed = true;
    this._unwrap(runner);
    runner.logger.info('profiler may take a few minutes...');
    await this._traceReady(runner);
    const total = this._reportOf(this._total);
    const path = this.jsonTracePath ?? joinPath(runner.logDir, 'profiler_kernels.json');
    const body = { ...total, ...(this.schedule === undefined ? {} : { schedule: this.schedule, cycles: this.cycles }) };
    await putText(`${JSON.stringify(body, null, 2)}\n`, path);
    this.reportPath = path;
    if (this.onTraceReady === undefined && !this._total.empty) {
      runner.logger.info(
        `Profile of the first ${this.profileTimes} ${this.byEpoch ? 'epoch' : 'iteration(s)'}:\n${formatKernelTable(total, { rowLimit: 10 })}`,
      );
    }
    runner.logger.info(`profiler report written to ${path}`);
  }
}
