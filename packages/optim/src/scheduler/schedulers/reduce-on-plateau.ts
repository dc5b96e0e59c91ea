import { printLog } from '@eng/logging';
import { SchedulerError } from '../../errors';
import { INF, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface ReduceOnPlateauParamSchedulerOptions extends ParamSchedulerOptions {
  /** Metric key read from the validation results. Defaults to 'loss'. */
  monitor?: string;
  /** 'less': the metric should go down; 'greater': up. */
  rule?: 'less' | 'greater';
  /** value = value * factor on a plateau (< 1). Defaults to 0.1. */
  factor?: number;
  /** Bad epochs tolerated before reducing. Defaults to 10. */
  patience?: number;
  threshold?: number;
  threshold_rule?: 'rel' | 'abs';
  /** Epochs to wait after a reduction. */
  cooldown?: number;
  /** Lower bound, one for all groups or one per optimizer group. */
  min_value?: number | number[];
  /** Smaller changes than eps are ignored. */
  eps?: number;
}

/** What `ReduceOnPlateau*` needs to know of an OptimWrapper with several groups (its extra base-settings group). */
interface WrapperLike {
  optimizer?: { paramGroups: unknown[] };
  baseParamSettings?: unknown;
}

/**
 * Reduces the value when a validation metric stops improving (MMEngine's `ReduceOnPlateauParamScheduler`).
 * `step()` without metrics only counts; `step(metrics)` (after validation) decides. `needValArgs` is true.
 */
export class ReduceOnPlateauParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.reduceOnPlateau);

  static readonly needValArgs = true;
  factor: number;
  minValues: number[];
  patience: number;
  cooldown: number;
  cooldownCounter = 0;
  ruleWorse: number;
  best: number;
  numBadEpochs = 0;
  eps: number;
  monitor: string;
  rule: 'less' | 'greater';
  threshold: number;
  thresholdRule: 'rel' | 'abs';

  constructor(options: ReduceOnPlateauParamSchedulerOptions) {
    if (options.by_epoch === false) {
      throw new SchedulerError('BAD_OPTION', 'Now ReduceOnPlateauParamScheduler only support by_epoch=True');
    }
    super(options);
    this.globalStep = 0;
    const factor = options.factor ?? 0.1;
    if (factor >= 1) throw new SchedulerError('BAD_OPTION', 'Factor should be < 1.0.');
    this.factor = factor;
    const minValue = options.min_value ?? 0;
    const wrapper = this.optimizer as unknown as WrapperLike;
    const rawGroups = wrapper.optimizer?.paramGroups.length ?? this.optimizer.paramGroups.length;
    if (Array.isArray(minValue)) {
      if (minValue.length !== rawGroups)
        throw new SchedulerError('BAD_OPTION', `expected ${rawGroups} min_lrs, got ${minValue.length}`);
      this.minValues = [...minValue];
      if (wrapper.baseParamSettings != null) this.minValues.push(minValue[minValue.length - 1] as number);
    } else {
      this.minValues = this.optimizer.paramGroups.map(() => minValue);
    }
    this.patience = options.patience ?? 10;
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    this.monitor = options.monitor ?? 'loss';
    const threshold = options.threshold ?? 1e-4;
    const rule = options.rule ?? 'less';
    const thresholdRule = options.threshold_rule ?? 'rel';
    if (threshold < 0) throw new SchedulerError('BAD_OPTION', `threshold ${threshold} should be >= 0.`);
    if (rule !== 'less' && rule !== 'greater')
      throw new SchedulerError('BAD_OPTION', `mode ${String(rule)} is unknown!`);
    if (thresholdRule !== 'rel' && thresholdRule !== 'abs') {
      throw new SchedulerError('BAD_OPTION', `threshold mode ${String(thresholdRule)} is unknown!`);
    }
    this.rule = rule;
    this.threshold = threshold;
    this.thresholdRule = thresholdRule;
    this.ruleWorse = rule === 'less' ? INF : -INF;
    this.best = this.ruleWorse;
    this.lastValue = this.currentValues();
  }

  override get needValArgs(): boolean {
    return true;
  }

  /** MMEngine's keys: this scheduler keeps no `base_values` (MMEngine's does not run the base constructor). */
  override stateDict(): Record<string, unknown> {
    const { base_values: _, ...state } = super.stateDict();
    return state;
  }

  /** Without metrics: counts a step. With the validation metrics: may reduce the value. */
  override step(metrics?: Record<string, unknown>): void {
    if (metrics === undefined || metrics === null) {
      this.globalStep += 1;
      return;
    }
    if (typeof metrics !== 'object') throw new TypeError(`metrics type should be an object, but got ${typeof metrics}`);
    if (this.begin <= this.globalStep && this.globalStep < this.end) {
      this.lastStep += 1;
      const metric = metrics[this.monitor];
      if (metric === undefined || metric === null) {
        throw new SchedulerError(
          'MISSING_METRIC',
          `Excepted key in [${Object.keys(metrics).join(', ')}], but got key ${this.monitor} is not in dict`,
        );
      }
      if (this._isBetter(Number(metric), this.best)) {
        this.best = Number(metric);
        this.numBadEpochs = 0;
      } else {
        this.numBadEpochs += 1;
      }
      if (this.cooldownCounter > 0) {
        this.cooldownCounter -= 1;
        this.numBadEpochs = 0;
      }
      if (this.numBadEpochs > this.patience) {
        this.getValue().forEach((value, i) => {
          const group = this.group(i);
          if ((group[this.paramName] as number) - value > this.eps) {
            group[this.paramName] = value;
            this.printValue(i, value);
          }
        });
        this.cooldownCounter = this.cooldown;
        this.numBadEpochs = 0;
      }
    }
    this.lastValue = this.currentValues();
    this.onValuesWritten();
  }

  protected override printValue(group: number, value: number): void {
    if (this.verbose) {
      printLog(
        `Adjusting parameter value of group ${group} to ${value.toExponential(4)} in ${this.byEpoch ? 'epoch' : 'iter'} ${this.lastStep}.`,
        { logger: 'current', level: 'INFO' },
      );
    }
  }

  protected getValue(): number[] {
    return this.currentValues().map((v, i) => Math.max(v * this.factor, this.minValues[i] as number));
  }

  private _isBetter(a: number, best: number): boolean {
    if (this.rule === 'less')
      return this.thresholdRule === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdRule === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }
}
