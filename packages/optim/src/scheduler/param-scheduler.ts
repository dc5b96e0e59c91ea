import { printLog } from '@eng/logging';
import { SchedulerError } from '../errors';

/** MMEngine's `INF`: the default `end` of a scheduler (an integer, so state dicts stay JSON-safe). */
export const INF = 1e9;

/** What a scheduler adjusts: an optimizer or an optimizer wrapper, anything with PyTorch-shaped `paramGroups`. */
export interface SchedulableOptimizer {
  readonly paramGroups: Array<Record<string, unknown>>;
  readonly defaults?: Record<string, unknown>;
}

export interface ParamSchedulerOptions {
  optimizer: SchedulableOptimizer;
  /** The param group key to schedule (`lr`, `momentum`, `weight_decay`, ...). */
  param_name: string;
  /** First step (epoch or iteration) the scheduler acts on. Defaults to 0. */
  begin?: number;
  /** Step at which it stops acting (exclusive). Defaults to INF. */
  end?: number;
  /** -1 for a new run. Another value means resuming: `initial_<param>` must already be in the groups. */
  last_step?: number;
  /** Whether `begin`/`end` (and the schedule's own lengths) count epochs (default) or iterations. */
  by_epoch?: boolean;
  verbose?: boolean;
}

/** The options of a concrete scheduler; `param_name` is fixed by the LR / Momentum forms. */
export type Options<T extends ParamSchedulerOptions> = Omit<T, 'param_name'> & { param_name?: string };

// Instance fields whose state-dict keys are not the plain snake_case of their names.
const STATE_KEYS: Record<string, string> = { globalStep: '_global_step', lastValue: '_last_value', tMax: 'T_max' };
const NOT_STATE = new Set(['optimizer']);

function toStateKey(field: string): string {
  return STATE_KEYS[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function cloneData<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function requireGroups(cls: string, optimizer: SchedulableOptimizer | undefined): void {
  if (optimizer == null || !Array.isArray(optimizer.paramGroups)) {
    throw new TypeError(
      `${cls}: 'optimizer' should be an Optimizer or OptimWrapper with paramGroups, got ${String(optimizer)}`,
    );
  }
}

/** Epoch-based options converted to iteration-based ones (`build_iter_from_epoch`). */
export interface EpochArgs extends Record<string, unknown> {
  begin?: number;
  end?: number;
  by_epoch?: boolean;
  epoch_length?: number;
}

/**
 * Base class of the parameter schedulers (MMEngine's `_ParamScheduler`): adjusts `param_name` in every param group
 * of the optimizer, between `begin` and `end`, once per `step()`.
 *
 * Differences from MMEngine: the constructor takes one options object (the registry builds `new Cls(cfg)`), and
 * `loadStateDict` puts the scheduler's last values back into the param groups. The first step a new scheduler takes in
 * its constructor (LinearLR multiplies the learning rate by `start_factor`) would otherwise stay in an optimizer whose
 * state was restored before the scheduler was rebuilt, and the resumed run would continue from a wrong value
 * (MMEngine's GitHub issue #1542); with the restore, resuming from a state dict continues the same sequence in either order.
 */
export abstract class ParamScheduler {
  readonly optimizer: SchedulableOptimizer;
  paramName: string;
  begin: number;
  end: number;
  byEpoch: boolean;
  lastStep: number;
  baseValues: number[];
  verbose: boolean;
  protected globalStep: number;
  protected lastValue: number[] = [];

  constructor(options: ParamSchedulerOptions) {
    const { optimizer, param_name, begin = 0, end = INF, last_step = -1, by_epoch = true, verbose = false } = options;
    requireGroups(this.constructor.name, optimizer);
    if (!(end > begin)) {
      throw new SchedulerError(
        'BAD_RANGE',
        `${this.constructor.name}: end should be larger than begin, got begin=${begin}, end=${end}`,
      );
    }
    if (!Number.isInteger(last_step) || last_step < -1) {
      throw new SchedulerError(
        'BAD_LAST_STEP',
        `${this.constructor.name}: last_step should be an integer >= -1, got ${last_step}`,
      );
    }
    this.optimizer = optimizer;
    this.paramName = param_name;
    this.begin = begin;
    this.end = end;
    this.byEpoch = by_epoch;
    this.verbose = verbose;
    initialValues(this.constructor.name, optimizer, param_name, last_step);
    this.baseValues = optimizer.paramGroups.map((g) => g[`initial_${param_name}`] as number);
    this.lastStep = last_step;
    this.globalStep = -1;
  }

  /**
   * Ends construction with the first step, as MMEngine does: a new scheduler (`last_step = -1`) writes the value of
   * step 0; one given `last_step = k` moves on to step k + 1. Concrete schedulers call it at the end of their
   * constructor, once their own options are set (MMEngine sets them before calling the base constructor, which
   * JavaScript does not allow).
   */
  protected start(): void {
    this.step();
  }

  /** Schedulers that need validation metrics in `step` (ReduceOnPlateau) say so here. */
  get needValArgs(): boolean {
    return false;
  }

  protected currentValues(): number[] {
    return this.optimizer.paramGroups.map((g) => g[this.paramName] as number);
  }

  protected group(i: number): Record<string, unknown> {
    return this.optimizer.paramGroups[i] as Record<string, unknown>;
  }

  /** The values of the current step, one per param group. */
  protected abstract getValue(): number[];

  /** Advances one step; inside `[begin, end)` writes the next value into every param group. */
  step(): void {
    this.globalStep += 1;
    if (this.begin <= this.globalStep && this.globalStep < this.end) {
      this.lastStep += 1;
      const values = this.getValue();
      values.forEach((value, i) => {
        this.group(i)[this.paramName] = value;
        this.printValue(i, value);
      });
    }
    this.lastValue = this.currentValues();
    this.onValuesWritten();
  }

  /** Runs after `step()` or `loadStateDict()` wrote values into the param groups (momentum mirrors Adam's betas). */
  protected onValuesWritten(): void {}

  /** The values the last `step()` left in the param groups (`get_last_value`). */
  getLastValue(): number[] {
    return [...this.lastValue];
  }

  protected printValue(group: number, value: number): void {
    if (this.verbose) {
      printLog(`Adjusting parameter value of group ${group} to ${value.toExponential(4)}.`, {
        logger: 'current',
        level: 'INFO',
      });
    }
  }

  /** Everything but the optimizer, under MMEngine's key names (`last_step`, `_global_step`, `base_values`, ...). */
  stateDict(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(this)) {
      if (NOT_STATE.has(field) || typeof value === 'function') continue;
      state[toStateKey(field)] = cloneData(value);
    }
    return state;
  }

  /** Restores a `stateDict()`; the last scheduled values go back into the param groups. */
  loadStateDict(state: Record<string, unknown>): void {
    const byKey = new Map(Object.keys(this).map((field) => [toStateKey(field), field]));
    for (const [key, value] of Object.entries(state)) {
      const field = byKey.get(key);
      if (field === undefined || NOT_STATE.has(field)) continue;
      (this as Record<string, unknown>)[field] = cloneData(value);
    }
    this.restoreValues();
  }

  protected restoreValues(): void {
    if (this.lastValue.length !== this.optimizer.paramGroups.length) return;
    this.lastValue.forEach((value, i) => {
      this.group(i)[this.paramName] = value;
    });
    this.onValuesWritten();
  }

  /** Scales the schedule's own lengths by `epochLength`; subclasses add their keys (milestones, T_max...). */
  protected static scaleEpochArgs(args: EpochArgs, _epochLength: number): EpochArgs {
    return args;
  }

  /**
   * Builds an iteration-based scheduler from epoch-based options (`build_iter_from_epoch`).
   *
   * @example
   * const s = MultiStepLR.buildIterFromEpoch({ optimizer, milestones: [8, 11], gamma: 0.1, epoch_length: 100 });
   */
  static buildIterFromEpoch<T extends ParamScheduler>(
    this: new (
      options: never,
    ) => T,
    options: EpochArgs & { optimizer: SchedulableOptimizer },
  ): T {
    return new this((this as unknown as typeof ParamScheduler).iterArgsFromEpoch(options) as never);
  }

  /** The options of the iteration-based scheduler `buildIterFromEpoch` builds (the registry build validates them). */
  static iterArgsFromEpoch(options: EpochArgs): EpochArgs {
    const { epoch_length: epochLength, by_epoch = true, begin = 0, end = INF, ...rest } = options;
    if (!by_epoch) {
      throw new SchedulerError(
        'NOT_EPOCH_BASED',
        'Only epoch-based kwargs whose `by_epoch=True` can be converted to iter-based.',
      );
    }
    if (typeof epochLength !== 'number' || !(epochLength > 0)) {
      throw new SchedulerError(
        'BAD_EPOCH_LENGTH',
        `\`epoch_length\` must be a positive integer, but got ${String(epochLength)}.`,
      );
    }
    // biome-ignore lint/complexity/noThisInStatic: `this` is the concrete scheduler class the method is called on
    const args = this.scaleEpochArgs({ ...rest }, epochLength);
    args.begin = Math.trunc(begin * epochLength);
    args.end = end === INF ? INF : Math.trunc(end * epochLength);
    args.by_epoch = false;
    return args;
  }
}

/** Records `initial_<name>` in every group on a new run; requires it when resuming. */
function initialValues(cls: string, optimizer: SchedulableOptimizer, name: string, lastStep: number): void {
  optimizer.paramGroups.forEach((group, i) => {
    if (lastStep === -1) {
      if (!(`initial_${name}` in group)) {
        if (typeof group[name] !== 'number') {
          throw new SchedulerError(
            'MISSING_PARAM',
            `${cls}: param_groups[${i}] has no numeric '${name}' to schedule (keys: ${Object.keys(group)
              .filter((k) => k !== 'params')
              .join(', ')})`,
          );
        }
        group[`initial_${name}`] = group[name];
      }
    } else if (!(`initial_${name}` in group)) {
      throw new SchedulerError(
        'MISSING_INITIAL',
        `${cls}: param 'initial_${name}' is not specified in param_groups[${i}] when resuming an optimizer`,
      );
    }
  });
}
