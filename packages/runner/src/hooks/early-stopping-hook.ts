import { describe, didYouMean } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { printLog } from '@eng/logging';
import { z } from 'zod';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook, type Metrics, type StatefulHook } from './hook';

export type EarlyStoppingRule = 'greater' | 'less';

export interface EarlyStoppingHookOptions {
  /** The metric to watch, as the evaluator names it (`'accuracy/top1'`). */
  monitor: string;
  /** Whether a greater or a smaller value is better; inferred from `monitor` when left out. */
  rule?: EarlyStoppingRule | null;
  /** The least change that counts as an improvement (default 0.1). */
  min_delta?: number;
  /** Throw when `monitor` is missing from the metrics instead of warning (default false). */
  strict?: boolean;
  /** Stop as soon as the metric is NaN or infinite (default true). */
  check_finite?: boolean;
  /** How many validations without improvement end training (default 5). */
  patience?: number;
  /** Stop as soon as the metric is better than this. */
  stopping_threshold?: number | null;
}

const shape = {
  monitor: z.string(),
  rule: z.enum(['greater', 'less']).nullable().optional(),
  min_delta: z.number().optional(),
  strict: z.boolean().optional(),
  check_finite: z.boolean().optional(),
  patience: z.number().int().nonnegative().optional(),
  stopping_threshold: z.number().nullable().optional(),
} satisfies ShapeOf<EarlyStoppingHookOptions>;

// MMEngine's `_default_greater_keys` / `_default_less_keys`.
const GREATER_KEYS = ['acc', 'top', 'AR@', 'auc', 'precision', 'mAP', 'mDice', 'mIoU', 'mAcc', 'aAcc'].map((k) =>
  k.toLowerCase(),
);
const LESS_KEYS = ['loss'];

const COMPARE: Record<EarlyStoppingRule, (a: number, b: number) => boolean> = {
  greater: (a, b) => a > b,
  less: (a, b) => a < b,
};

/** A float as Python prints it in MMEngine's messages (`inf`, `nan`), optionally with fixed decimals. */
function pyFloat(value: number, digits?: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return digits === undefined ? String(value) : value.toFixed(digits);
}

/** JSON has no Infinity or NaN: the state keeps them as these strings. */
function encodeScore(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function decodeScore(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === 'Infinity' || value === '-Infinity' || value === 'NaN') return Number(value);
  return undefined;
}

/**
 * MMEngine's `EarlyStoppingHook` (priority LOWEST): after each validation, compares `monitor` with the best value so
 * far and ends training (`runner.trainLoop.stopTraining = true`) once it has not improved by `min_delta` for
 * `patience` validations, once it passes `stopping_threshold`, or (with `check_finite`) once it is NaN or infinite.
 * The best score and the wait count are saved in checkpoints through `stateDict()` (the runner keeps the state of
 * every hook that has one), so a resumed run goes on counting.
 *
 * @example
 * const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', patience: 3 });
 * hook.rule; // 'greater' (inferred from "top")
 */
export class EarlyStoppingHook extends Hook implements StatefulHook {
  static readonly optionsSchema = optionsSchema<EarlyStoppingHookOptions>(shape);
  override priority: Hook['priority'] = 'LOWEST';

  readonly monitor: string;
  readonly rule: EarlyStoppingRule;
  /** `min_delta`, negated for the 'less' rule (as MMEngine stores it). */
  readonly minDelta: number;
  readonly strict: boolean;
  readonly checkFinite: boolean;
  readonly patience: number;
  readonly stoppingThreshold: number | undefined;
  waitCount = 0;
  bestScore: number;

  constructor(options: EarlyStoppingHookOptions) {
    super();
    if (typeof options?.monitor !== 'string') {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EarlyStoppingHook: monitor must be a metric name, got ${describe(options?.monitor)}`,
      );
    }
    this.monitor = options.monitor;
    const rule = options.rule ?? undefined;
    if (rule !== undefined && rule !== 'greater' && rule !== 'less') {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EarlyStoppingHook: rule should be either "greater" or "less", but got ${describe(rule)}`,
      );
    }
    this.rule = rule ?? EarlyStoppingHook.inferRule(this.monitor);
    const minDelta = options.min_delta ?? 0.1;
    this.minDelta = this.rule === 'greater' ? minDelta : -minDelta;
    this.strict = options.strict ?? false;
    this.checkFinite = options.check_finite ?? true;
    this.patience = options.patience ?? 5;
    this.stoppingThreshold = options.stopping_threshold ?? undefined;
    this.bestScore = this._initialScore();
  }

  /**
   * The rule a metric name implies (MMEngine's `_init_rule`): an exact match of a known key first (`acc`, `loss`, …,
   * case-insensitive), then a key contained in the name, greater keys before less keys.
   */
  static inferRule(monitor: string): EarlyStoppingRule {
    const name = monitor.toLowerCase();
    if (GREATER_KEYS.includes(name)) return 'greater';
    if (LESS_KEYS.includes(name)) return 'less';
    if (GREATER_KEYS.some((k) => name.includes(k))) return 'greater';
    if (LESS_KEYS.some((k) => name.includes(k))) return 'less';
    throw new RunnerError(
      'BAD_OPTIONS',
      `EarlyStoppingHook: cannot infer the rule for "${monitor}", thus rule must be specified ('greater' or 'less')`,
    );
  }

  private _initialScore(): number {
    return this.rule === 'greater' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  override beforeRun(runner: Runner): void {
    // A run without training (val() or test() alone) has no train loop to stop.
    if (!runner.hasTrainLoop) return;
    if (!('stopTraining' in (runner.trainLoop as object))) {
      throw new RunnerError('BAD_OPTIONS', 'EarlyStoppingHook: the train loop should have a stopTraining field');
    }
  }

  override afterValEpoch(runner: Runner, metrics?: Metrics): void {
    const results = metrics ?? {};
    const value = results[this.monitor];
    const score = typeof value === 'number' ? value : Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (typeof score !== 'number') {
      const keys = Object.keys(results);
      const what =
        value === undefined
          ? `the evaluation results (${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none'}) do not include the monitor "${this.monitor}"`
          : `the monitor "${this.monitor}" is ${describe(value)}, not a number`;
      const hint = value === undefined ? didYouMean(this.monitor, keys) : '';
      if (this.strict) {
        throw new RunnerError(
          'MISSING_METRIC',
          `Early stopping conditioned on metric "${this.monitor}" is not available: ${what}.${hint ? ` ${hint}` : ''} Check the metrics, or set strict: false in EarlyStoppingHook`,
        );
      }
      runner.logger.warning(`Skip early stopping process since ${what}.${hint ? ` ${hint}` : ''}`);
      return;
    }
    const [stop, message] = this._checkStopCondition(score);
    if (stop) {
      if (runner.hasTrainLoop) runner.trainLoop.stopTraining = true;
      runner.logger.info(message);
    }
  }

  /** MMEngine's `_check_stop_condition`: whether to stop, and why. */
  private _checkStopCondition(current: number): [boolean, string] {
    const compare = COMPARE[this.rule];
    if (this.checkFinite && !Number.isFinite(current)) {
      return [
        true,
        `Monitored metric ${this.monitor} = ${pyFloat(current)} is infinite. Previous best value was ${pyFloat(this.bestScore, 3)}.`,
      ];
    }
    if (this.stoppingThreshold !== undefined && compare(current, this.stoppingThreshold)) {
      this.bestScore = current;
      return [
        true,
        `Stopping threshold reached: \`${this.monitor}\` = ${pyFloat(current)} is ${this.rule} than ${pyFloat(this.stoppingThreshold)}.`,
      ];
    }
    if (compare(this.bestScore + this.minDelta, current)) {
      this.waitCount += 1;
      if (this.waitCount >= this.patience) {
        return [
          true,
          `the monitored metric did not improve in the last ${this.waitCount} records. best score: ${pyFloat(this.bestScore, 3)}. `,
        ];
      }
      return [false, ''];
    }
    this.bestScore = current;
    this.waitCount = 0;
    return [false, ''];
  }

  /** The best score and wait count, for a checkpoint (non-finite scores as strings: JSON has no Infinity). */
  stateDict(): Record<string, unknown> {
    return {
      monitor: this.monitor,
      rule: this.rule,
      best_score: encodeScore(this.bestScore),
      wait_count: this.waitCount,
    };
  }

  /** Restores {@link stateDict}; a state saved for another monitor or rule is ignored with a warning. */
  loadStateDict(state: Record<string, unknown>): void {
    if (state.monitor !== this.monitor || state.rule !== this.rule) {
      printLog(
        `EarlyStoppingHook: the checkpoint's state watches ${describe(state.monitor)} (${describe(state.rule)}), this hook watches "${this.monitor}" (${this.rule}); starting afresh`,
        { logger: 'current', level: 'WARNING' },
      );
      return;
    }
    const best = decodeScore(state.best_score);
    const wait = state.wait_count;
    if (best === undefined || typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0) {
      throw new RunnerError(
        'BAD_CHECKPOINT',
        `EarlyStoppingHook: expected best_score (a number) and wait_count (a count) in its state, got ${describe(state.best_score)} and ${describe(wait)}`,
      );
    }
    this.bestScore = best;
    this.waitCount = wait;
  }
}
