import { describe, didYouMean } from '@eng/internal';
import { LoggingError } from './errors';
import { warn } from './internal/warn';

/**
 * A statistics method: called with the buffer as `this` and the arguments given to
 * {@link HistoryBuffer.statistics}. Write it as a `function` (not an arrow) to use `this`.
 */
export type StatisticsMethod = (this: HistoryBuffer, ...args: any[]) => unknown;

/** Options of {@link HistoryBuffer.registerStatistics}. */
export interface RegisterStatisticsOptions {
  /** The name `statistics()` finds it under; defaults to the function's name. */
  name?: string;
  /**
   * The most arguments the method accepts; `statistics()` throws a `TypeError` when given more, as Python does for a
   * mismatched call. Unchecked when omitted (`Function.length` does not count parameters with defaults).
   */
  maxArgs?: number;
}

/** The serialisable state of a {@link HistoryBuffer} (what `stateDict()` returns and `toJSON()` writes). */
export interface HistoryBufferState {
  logHistory: number[];
  countHistory: number[];
  maxLength: number;
}

interface RegisteredMethod {
  fn: StatisticsMethod;
  maxArgs: number | undefined;
}

const DEFAULT_MAX_LENGTH = 1_000_000;
const MIN_CAPACITY = 16;
/** numpy's block size for pairwise summation. */
const PAIRWISE_BLOCK = 128;

/**
 * numpy's pairwise summation of `a[from, to)`, reproduced operation for operation so that `mean` returns the same
 * double as MMEngine's `np.sum(...) / np.sum(...)`: fewer than 8 values are added in order, up to 128 go through
 * eight interleaved accumulators, longer runs split in two at a multiple of 8.
 */
function pairwiseSum(a: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n < 8) {
    let res = 0;
    for (let i = from; i < to; i++) res += a[i] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = a[from] as number;
    let r1 = a[from + 1] as number;
    let r2 = a[from + 2] as number;
    let r3 = a[from + 3] as number;
    let r4 = a[from + 4] as number;
    let r5 = a[from + 5] as number;
    let r6 = a[from + 6] as number;
    let r7 = a[from + 7] as number;
    const unrolledEnd = from + (n - (n % 8));
    let i = from + 8;
    for (; i < unrolledEnd; i += 8) {
      r0 += a[i] as number;
      r1 += a[i + 1] as number;
      r2 += a[i + 2] as number;
      r3 += a[i + 3] as number;
      r4 += a[i + 4] as number;
      r5 += a[i + 5] as number;
      r6 += a[i + 6] as number;
      r7 += a[i + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < to; i++) res += a[i] as number;
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, from, from + half) + pairwiseSum(a, from + half, to);
}

function toNumberArray(name: string, values: ArrayLike<number> | Iterable<number>): number[] {
  if (values === null || typeof values !== 'object') {
    throw new TypeError(`HistoryBuffer: ${name} must be an array of numbers, but got ${describe(values)}`);
  }
  const list = Array.from(values as ArrayLike<number>);
  for (const [i, v] of list.entries()) {
    if (typeof v !== 'number') {
      throw new TypeError(`HistoryBuffer: ${name}[${i}] must be a number, but got ${describe(v)}`);
    }
  }
  return list;
}

/**
 * The history of one scalar (a loss, a learning rate, an iteration time): its values and their counts, with
 * windowed statistics. MMEngine's `HistoryBuffer`.
 *
 * @example
 * ```ts
 * const buffer = new HistoryBuffer([1, 2, 3], [1, 1, 1]);
 * buffer.mean(2); // 2.5, (2 + 3) / (1 + 1)
 * buffer.update(4);
 * buffer.current(); // 4
 * buffer.statistics('max'); // 4
 * ```
 */
export class HistoryBuffer {
  private static readonly _methods = new Map<string, RegisteredMethod>();

  /** The most values kept; older ones are dropped first. */
  readonly maxLength: number;
  // Values live in [start, end) of two growable typed arrays, so dropping the oldest value is O(1).
  private _logs: Float64Array;
  private _counts: Float64Array;
  private _start = 0;
  private _end = 0;

  constructor(
    logHistory: ArrayLike<number> | Iterable<number> = [],
    countHistory: ArrayLike<number> | Iterable<number> = [],
    maxLength: number = DEFAULT_MAX_LENGTH,
  ) {
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new TypeError(`HistoryBuffer: maxLength must be a positive integer, but got ${String(maxLength)}`);
    }
    this.maxLength = maxLength;
    let logs = toNumberArray('logHistory', logHistory);
    let counts = toNumberArray('countHistory', countHistory);
    if (logs.length !== counts.length) {
      throw new LoggingError(
        'LENGTH_MISMATCH',
        `HistoryBuffer: logHistory and countHistory must have the same length, but got ${logs.length} and ${counts.length}`,
      );
    }
    if (logs.length > maxLength) {
      warn(
        `The length of history buffer(${logs.length}) exceeds the max_length(${maxLength}), the first few elements will be ignored.`,
      );
      logs = logs.slice(-maxLength);
      counts = counts.slice(-maxLength);
    }
    const capacity = Math.max(MIN_CAPACITY, logs.length);
    this._logs = new Float64Array(capacity);
    this._counts = new Float64Array(capacity);
    this._logs.set(logs);
    this._counts.set(counts);
    this._end = logs.length;
  }

  /** Registers a statistics method under its function name (or `options.name`); returns the function. */
  static registerStatistics<F extends StatisticsMethod>(fn: F, options: RegisterStatisticsOptions = {}): F {
    if (typeof fn !== 'function') {
      throw new TypeError(`HistoryBuffer.registerStatistics expects a function, but got ${typeof fn}`);
    }
    const name = options.name ?? fn.name;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(
        'HistoryBuffer.registerStatistics: the method needs a name (a named function or options.name)',
      );
    }
    if (HistoryBuffer._methods.has(name)) {
      throw new LoggingError(
        'DUPLICATE_STATISTICS',
        `HistoryBuffer: a statistics method named '${name}' is already registered; a name cannot be registered twice`,
      );
    }
    HistoryBuffer._methods.set(name, { fn, maxArgs: options.maxArgs });
    return fn;
  }

  /** The names `statistics()` accepts. */
  static get statisticsMethods(): string[] {
    return [...HistoryBuffer._methods.keys()];
  }

  /** Rebuilds a buffer from {@link HistoryBuffer.stateDict}'s output (or its JSON). */
  static fromStateDict(state: HistoryBufferState): HistoryBuffer {
    if (!HistoryBuffer.isState(state)) {
      throw new LoggingError(
        'INVALID_STATE_DICT',
        'HistoryBuffer.fromStateDict expects { logHistory: number[], countHistory: number[], maxLength?: number }',
      );
    }
    return new HistoryBuffer(state.logHistory, state.countHistory, state.maxLength ?? DEFAULT_MAX_LENGTH);
  }

  /** Whether `value` has the shape of a serialised buffer. */
  static isState(value: unknown): value is HistoryBufferState {
    if (value === null || typeof value !== 'object') return false;
    const v = value as Partial<HistoryBufferState>;
    return Array.isArray(v.logHistory) && Array.isArray(v.countHistory);
  }

  /** Number of values held. */
  get length(): number {
    return this._end - this._start;
  }

  /** Appends a value and its count (default 1), dropping the oldest value past `maxLength`. */
  update(value: number, count = 1): void {
    if (typeof value !== 'number' || typeof count !== 'number') {
      throw new TypeError(
        `HistoryBuffer.update: value must be a number but got ${describe(value)}, count must be a number but got ${describe(count)}`,
      );
    }
    if (this._end === this._logs.length) this._makeRoom();
    this._logs[this._end] = value;
    this._counts[this._end] = count;
    this._end++;
    if (this._end - this._start > this.maxLength) this._start++;
  }

  /** Copies of the values and their counts, oldest first. */
  get data(): [number[], number[]] {
    return [
      Array.from(this._logs.subarray(this._start, this._end)),
      Array.from(this._counts.subarray(this._start, this._end)),
    ];
  }

  /** The latest value; throws when the buffer is empty. */
  current(): number {
    if (this._end === this._start) {
      throw new LoggingError('EMPTY_HISTORY', 'HistoryBuffer is empty: call update() before current()');
    }
    return this._logs[this._end - 1] as number;
  }

  /**
   * Sum of the latest `windowSize` values over the sum of their counts (all values when `windowSize` is omitted,
   * 0, or larger than the history). `NaN` when empty, as numpy's `0 / 0`.
   */
  mean(windowSize?: number): number {
    const from = this._windowStart('mean', windowSize);
    return pairwiseSum(this._logs, from, this._end) / pairwiseSum(this._counts, from, this._end);
  }

  /** The largest of the latest `windowSize` values (all values when omitted); throws when empty. */
  max(windowSize?: number): number {
    return this._extreme('max', windowSize, (v, best) => v > best);
  }

  /** The smallest of the latest `windowSize` values (all values when omitted); throws when empty. */
  min(windowSize?: number): number {
    return this._extreme('min', windowSize, (v, best) => v < best);
  }

  /** Calls the statistics method registered as `methodName` with `args`: `statistics('mean', 10)`. */
  statistics(methodName: string, ...args: unknown[]): unknown {
    const method = HistoryBuffer._methods.get(methodName);
    if (method === undefined) {
      const hint = didYouMean(methodName, HistoryBuffer._methods.keys());
      throw new LoggingError(
        'UNKNOWN_STATISTICS',
        `'${methodName}' has not been registered as a HistoryBuffer statistics method; registered: ${HistoryBuffer.statisticsMethods.join(', ')}.${hint && ` ${hint}`}`,
      );
    }
    if (method.maxArgs !== undefined && args.length > method.maxArgs) {
      throw new TypeError(
        `HistoryBuffer.statistics('${methodName}'): takes at most ${method.maxArgs} argument(s) but ${args.length} were given`,
      );
    }
    return method.fn.apply(this, args);
  }

  /** An independent copy. */
  clone(): HistoryBuffer {
    const [logs, counts] = this.data;
    return new HistoryBuffer(logs, counts, this.maxLength);
  }

  /** The values, counts and `maxLength`, as plain JSON-safe data. */
  stateDict(): HistoryBufferState {
    const [logHistory, countHistory] = this.data;
    return { logHistory, countHistory, maxLength: this.maxLength };
  }

  toJSON(): HistoryBufferState {
    return this.stateDict();
  }

  private _windowStart(method: string, windowSize: number | undefined): number {
    if (windowSize === undefined || windowSize === null) return this._start;
    if (!Number.isInteger(windowSize)) {
      throw new TypeError(`HistoryBuffer.${method}: windowSize must be an integer, but got ${describe(windowSize)}`);
    }
    if (windowSize < 0) {
      throw new RangeError(`HistoryBuffer.${method}: windowSize must not be negative, but got ${windowSize}`);
    }
    // Python's `array[-0:]` is the whole array, so a window of 0 means "all values" as in MMEngine.
    if (windowSize === 0) return this._start;
    return Math.max(this._start, this._end - windowSize);
  }

  /** The value of the window that `beats` every other; a NaN wins outright, as numpy's `min`/`max` propagate it. */
  private _extreme(
    method: string,
    windowSize: number | undefined,
    beats: (value: number, best: number) => boolean,
  ): number {
    const from = this._windowStart(method, windowSize);
    this._requireValues(method);
    let best = this._logs[from] as number;
    for (let i = from + 1; i < this._end && !Number.isNaN(best); i++) {
      const v = this._logs[i] as number;
      if (Number.isNaN(v) || beats(v, best)) best = v;
    }
    return best;
  }

  private _requireValues(method: string): void {
    if (this._end === this._start) {
      throw new LoggingError('EMPTY_HISTORY', `HistoryBuffer.${method}: the buffer is empty, call update() first`);
    }
  }

  private _makeRoom(): void {
    const length = this._end - this._start;
    const capacity = this._logs.length;
    if (this._start > 0 && length <= capacity / 2) {
      this._logs.copyWithin(0, this._start, this._end);
      this._counts.copyWithin(0, this._start, this._end);
    } else {
      const logs = new Float64Array(capacity * 2);
      const counts = new Float64Array(capacity * 2);
      logs.set(this._logs.subarray(this._start, this._end));
      counts.set(this._counts.subarray(this._start, this._end));
      this._logs = logs;
      this._counts = counts;
    }
    this._start = 0;
    this._end = length;
  }

  static {
    HistoryBuffer.registerStatistics(HistoryBuffer.prototype.min, { name: 'min', maxArgs: 1 });
    HistoryBuffer.registerStatistics(HistoryBuffer.prototype.max, { name: 'max', maxArgs: 1 });
    HistoryBuffer.registerStatistics(HistoryBuffer.prototype.current, { name: 'current', maxArgs: 0 });
    HistoryBuffer.registerStatistics(HistoryBuffer.prototype.mean, { name: 'mean', maxArgs: 1 });
  }
}
