import { SchedulerError } from '../../errors';
import { type EpochArgs, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface OneCycleParamSchedulerOptions extends ParamSchedulerOptions {
  /** Peak value (one per group, or one for all). */
  eta_max?: number | number[];
  /** Steps in the cycle. Defaults to `end - begin`. */
  total_steps?: number | null;
  /** Fraction of the cycle spent increasing. Defaults to 0.3. */
  pct_start?: number;
  anneal_strategy?: 'cos' | 'linear';
  /** initial value = eta_max / div_factor. Defaults to 25. */
  div_factor?: number;
  /** minimum value = initial value / final_div_factor. Defaults to 1e4. */
  final_div_factor?: number;
  /** fast.ai's three phases instead of Smith's two. */
  three_phase?: boolean;
}

export interface Phase {
  end_step: number;
  start: string;
  end: string;
}

/** Smith's 1cycle policy (MMEngine's `OneCycleParamScheduler`; the learning rate only). */
export class OneCycleParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.oneCycle);

  etaMax: number | number[];
  divFactor: number;
  finalDivFactor: number;
  totalSteps: number;
  annealStrategy: 'cos' | 'linear';
  schedulePhases: Phase[];

  constructor(options: OneCycleParamSchedulerOptions) {
    const name = options.param_name;
    if (name !== 'lr') {
      throw new SchedulerError(
        'BAD_OPTION',
        `OneCycle only works for learning rate updating, but got param_name as ${name}`,
      );
    }
    const { optimizer, last_step = -1 } = options;
    const divFactor = options.div_factor ?? 25;
    const finalDivFactor = options.final_div_factor ?? 1e4;
    const groups = optimizer?.paramGroups ?? [];
    const etaMax = options.eta_max ?? 0;
    let maxValues: number[];
    if (Array.isArray(etaMax)) {
      if (etaMax.length !== groups.length) {
        throw new SchedulerError(
          'BAD_OPTION',
          `expected ${groups.length} values for max_${name}, got ${etaMax.length}`,
        );
      }
      maxValues = etaMax;
    } else {
      maxValues = groups.map(() => etaMax);
    }
    if (last_step === -1) {
      groups.forEach((group, i) => {
        group[`initial_${name}`] = (maxValues[i] as number) / divFactor;
        group[`max_${name}`] = maxValues[i];
        group[`min_${name}`] = (group[`initial_${name}`] as number) / finalDivFactor;
      });
    }
    super(options);
    this.etaMax = etaMax;
    this.divFactor = divFactor;
    this.finalDivFactor = finalDivFactor;
    const total = options.total_steps;
    if (total != null) {
      if (!Number.isInteger(total) || total <= 0) {
        throw new SchedulerError('BAD_OPTION', `Expected positive integer total_steps, but got ${total}`);
      }
      this.totalSteps = total;
    } else {
      this.totalSteps = this.end - this.begin;
    }
    const pct = options.pct_start ?? 0.3;
    if (!(pct >= 0 && pct <= 1))
      throw new SchedulerError('BAD_OPTION', `Expected float between 0 and 1 pct_start, but got ${pct}`);
    const strategy = options.anneal_strategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') {
      throw new SchedulerError(
        'BAD_OPTION',
        `anneal_strategy must by one of "cos" or "linear", instead got ${String(strategy)}`,
      );
    }
    this.annealStrategy = strategy;
    const init = `initial_${name}`;
    const max = `max_${name}`;
    const min = `min_${name}`;
    this.schedulePhases = options.three_phase
      ? [
          { end_step: pct * this.totalSteps - 1, start: init, end: max },
          { end_step: 2 * pct * this.totalSteps - 2, start: max, end: init },
          { end_step: this.totalSteps - 1, start: init, end: min },
        ]
      : [
          { end_step: pct * this.totalSteps - 1, start: init, end: max },
          { end_step: this.totalSteps - 1, start: max, end: min },
        ];
    this.start();
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return args.total_steps == null ? args : { ...args, total_steps: (args.total_steps as number) * epochLength };
  }

  private _anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected getValue(): number[] {
    const stepNum = this.lastStep;
    if (stepNum > this.totalSteps) {
      throw new SchedulerError(
        'TOO_MANY_STEPS',
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      const phases = this.schedulePhases;
      for (const [i, phase] of phases.entries()) {
        if (stepNum <= phase.end_step || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.end_step - startStep);
          return this._anneal(group[phase.start] as number, group[phase.end] as number, pct);
        }
        startStep = phase.end_step;
      }
      return group[this.paramName] as number;
    });
  }
}
