import { describe } from '@eng/internal';
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

/**
 * One phase of the cycle, as MMEngine stores it: `start_<param>` / `end_<param>` name the param-group keys whose
 * values the phase anneals between (`{ end_step: 2, start_lr: 'initial_lr', end_lr: 'max_lr' }`).
 */
export interface Phase {
  end_step: number;
  [startOrEnd: string]: number | string;
}

/** The names of MMEngine's annealing methods, which its state dict holds (as the bound methods) under `anneal_func`. */
export type AnnealFunc = '_annealing_cos' | '_annealing_linear';

const ANNEAL_FUNCS: Record<'cos' | 'linear', AnnealFunc> = { cos: '_annealing_cos', linear: '_annealing_linear' };

/** Smith's 1cycle policy (MMEngine's `OneCycleParamScheduler`; the learning rate only). */
export class OneCycleParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.oneCycle);

  etaMax: number | number[];
  divFactor: number;
  finalDivFactor: number;
  totalSteps: number;
  /** MMEngine's `anneal_func`, by the method's name (a JSON state dict cannot hold the Python function). */
  annealFunc: AnnealFunc;
  /** MMEngine's `_schedule_phases`. */
  _schedulePhases: Phase[];

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
    this.annealFunc = ANNEAL_FUNCS[strategy];
    const init = `initial_${name}`;
    const max = `max_${name}`;
    const min = `min_${name}`;
    const phase = (endStep: number, from: string, to: string): Phase => ({
      end_step: endStep,
      [`start_${name}`]: from,
      [`end_${name}`]: to,
    });
    this._schedulePhases = options.three_phase
      ? [
          phase(pct * this.totalSteps - 1, init, max),
          phase(2 * pct * this.totalSteps - 2, max, init),
          phase(this.totalSteps - 1, init, min),
        ]
      : [phase(pct * this.totalSteps - 1, init, max), phase(this.totalSteps - 1, max, min)];
    this.start();
  }

  /**
   * Restores a state dict written by `stateDict`, by MMEngine (converted to JSON) or by the previous release of eng.
   * `anneal_func` may be the method's name (what `stateDict` writes), any text naming it (Python's repr of the bound
   * method, which `json.dumps(state, default=str)` writes) or the strategy (`'cos'`, `'linear'`); the previous
   * release's `anneal_strategy` and `schedule_phases` (phases `{ end_step, start, end }`) are read as well.
   */
  override loadStateDict(state: Record<string, unknown>): void {
    const { anneal_strategy: strategy, schedule_phases: oldPhases, ...next } = state;
    const key = 'anneal_func' in next ? 'anneal_func' : 'anneal_strategy';
    const anneal = next.anneal_func ?? strategy;
    if (anneal !== undefined) next.anneal_func = this._readAnnealFunc(key, anneal);
    if (!('_schedule_phases' in next) && Array.isArray(oldPhases)) {
      next._schedule_phases = (oldPhases as Array<{ end_step: number; start: string; end: string }>).map((p) => ({
        end_step: p.end_step,
        [`start_${this.paramName}`]: p.start,
        [`end_${this.paramName}`]: p.end,
      }));
    }
    super.loadStateDict(next);
  }

  private _readAnnealFunc(key: string, value: unknown): AnnealFunc {
    if (value === 'cos' || value === 'linear') return ANNEAL_FUNCS[value];
    const named = typeof value === 'string' ? /\b_annealing_(cos|linear)\b/.exec(value) : null;
    if (named !== null) return ANNEAL_FUNCS[named[1] as 'cos' | 'linear'];
    throw new SchedulerError(
      'BAD_STATE',
      `${this.constructor.name}: state dict key '${key}' should name MMEngine's annealing method ` +
        `('_annealing_cos' or '_annealing_linear'; 'cos' and 'linear' are read too), got ${describe(value)}`,
    );
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return args.total_steps == null ? args : { ...args, total_steps: (args.total_steps as number) * epochLength };
  }

  private _anneal(start: number, end: number, pct: number): number {
    if (this.annealFunc === '_annealing_linear') return (end - start) * pct + start;
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
      const phases = this._schedulePhases;
      for (const [i, phase] of phases.entries()) {
        if (stepNum <= phase.end_step || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.end_step - startStep);
          const from = group[phase[`start_${this.paramName}`] as string] as number;
          return this._anneal(from, group[phase[`end_${this.paramName}`] as string] as number, pct);
        }
        startStep = phase.end_step;
      }
      return group[this.paramName] as number;
    });
  }
}
