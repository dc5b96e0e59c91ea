import { broadcastObjectSync, collectResultsSync, isMainProcess } from '@eng/dist';
import { describe } from '@eng/internal';
import { printLog } from '@eng/logging';
import { EvaluatorError } from '../errors';

export interface BaseMetricOptions {
  /** Where results are gathered across ranks: `'cpu'` (default) or `'gpu'`; one process needs neither. */
  collect_device?: 'cpu' | 'gpu';
  /** The prefix of every metric name (`'accuracy'` → `'accuracy/top1'`); default: the class's `defaultPrefix`. */
  prefix?: string | null;
  /** A shared folder for gathering on `'cpu'` (MMEngine's `collect_dir`). */
  collect_dir?: string | null;
}

/**
 * MMEngine's `BaseMetric`: `process(dataBatch, dataSamples)` adds what it needs of each batch's predictions to
 * `results`; `evaluate(size)` gathers them (the first `size`: a distributed sampler pads the last batch), calls
 * `computeMetrics` and names every metric `prefix/name`. Subclasses set `defaultPrefix` (a static or an instance
 * field, read when the prefix is needed).
 *
 * @example
 * class Mean extends BaseMetric {
 *   static defaultPrefix = 'mean';
 *   process(_batch: unknown, samples: { value: number }[]) { this.results.push(...samples.map((s) => s.value)); }
 *   computeMetrics(results: number[]) { return { value: results.reduce((a, b) => a + b, 0) / results.length }; }
 * }
 * const m = new Mean();
 * m.process(null, [{ value: 1 }, { value: 3 }]);
 * m.evaluate(2); // { 'mean/value': 2 }
 */
export abstract class BaseMetric {
  /** The prefix a subclass gives its metrics when the config sets none. */
  static defaultPrefix: string | undefined;

  readonly collectDevice: 'cpu' | 'gpu';
  readonly collectDir: string | null;
  /** What `process` kept of the predictions so far. */
  results: unknown[] = [];
  /** The dataset's metainfo (class names...), set by the evaluator. */
  datasetMeta: Record<string, unknown> | null = null;
  private readonly _prefix: string | null;

  constructor(options: BaseMetricOptions = {}) {
    const { collect_device = 'cpu', prefix = null, collect_dir = null } = options;
    if (collect_device !== 'cpu' && collect_device !== 'gpu') {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `${this.constructor.name}: collect_device should be 'cpu' or 'gpu', got ${describe(collect_device)}`,
      );
    }
    if (collect_dir !== null && collect_device !== 'cpu') {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `${this.constructor.name}: collect_dir can only be set with collect_device 'cpu'`,
      );
    }
    this.collectDevice = collect_device;
    this.collectDir = collect_dir;
    this._prefix = prefix;
  }

  /** The prefix: the option, else the instance's or the class's `defaultPrefix`. */
  get prefix(): string | undefined {
    const own = (this as { defaultPrefix?: unknown }).defaultPrefix;
    const fromClass = (this.constructor as typeof BaseMetric).defaultPrefix;
    return this._prefix ?? (typeof own === 'string' ? own : fromClass);
  }

  /** Adds what the metric needs of one batch's predictions (`dataSamples`) to `results`. */
  abstract process(dataBatch: unknown, dataSamples: readonly unknown[]): void;

  /** The metrics of all gathered results, by name without the prefix. */
  abstract computeMetrics(results: unknown[]): Record<string, number>;

  /**
   * Gathers the results of the first `size` samples, computes the metrics, names them `prefix/name`, and clears.
   *
   * In a distributed run (`@eng/dist`) every rank calls it: the ranks' results are collected on rank 0 in the
   * dataset's order (`collectResults`), rank 0 computes the metrics, and every rank returns rank 0's metrics, as in
   * MMEngine. Results cross as JSON (MMEngine's `collect_device`/`collect_dir` choose how; here MPI carries them).
   */
  evaluate(size: number): Record<string, number> {
    if (this.results.length === 0) {
      printLog(
        `${this.constructor.name} got empty \`results\`. Please ensure that the processed results are properly added into \`results\` in \`process\`.`,
        { logger: 'current', level: 'WARNING' },
      );
    }
    // MMEngine's collect_results: the first `size` in the dataset's order (a padded sampler repeats samples).
    const results = collectResultsSync(this.results, size);
    this.results = [];
    const metrics = isMainProcess() ? this._named(this.computeMetrics(results ?? [])) : undefined;
    return broadcastObjectSync(metrics, 0) as Record<string, number>;
  }

  private _named(metrics: Record<string, number>): Record<string, number> {
    const prefix = this.prefix;
    if (prefix === undefined) {
      printLog(`The prefix is not set in metric class ${this.constructor.name}.`, {
        logger: 'current',
        level: 'WARNING',
      });
    }
    return prefix ? Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}/${k}`, v])) : metrics;
  }
}
