import { SchedulerError } from '../../errors';
import { type EpochArgs, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface CosineAnnealingParamSchedulerOptions extends ParamSchedulerOptions {
  /** Half period in steps. Defaults to `end - begin`. */
  T_max?: number | null;
  /** Minimum value; give this or `eta_min_ratio`. Defaults to 0. */
  eta_min?: number | null;
  /** Minimum value as a ratio of the initial value. */
  eta_min_ratio?: number | null;
}

/** SGDR's cosine annealing without restarts, computed recursively like PyTorch (`CosineAnnealingParamScheduler`). */
export class CosineAnnealingParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.cosineAnnealing);

  tMax: number;
  etaMin: number | null;
  etaMinRatio: number | null;

  constructor(options: CosineAnnealingParamSchedulerOptions) {
    super(options);
    let etaMin = options.eta_min ?? null;
    const ratio = options.eta_min_ratio ?? null;
    if (etaMin === null && ratio === null) etaMin = 0;
    if ((etaMin === null) === (ratio === null)) {
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: Either \`eta_min\` or \`eta_min_ratio\` should be specified`,
      );
    }
    this.tMax = options.T_max || this.end - this.begin;
    this.etaMin = etaMin;
    this.etaMinRatio = ratio;
    this.start();
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return args.T_max == null ? args : { ...args, T_max: (args.T_max as number) * epochLength };
  }

  private _etaMinFor(base: number): number {
    return this.etaMinRatio === null ? (this.etaMin as number) : base * this.etaMinRatio;
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    const t = this.lastStep;
    const T = this.tMax;
    if (t === 0) return current;
    if ((t - 1 - T) % (2 * T) === 0) {
      return current.map((v, i) => {
        const base = this.baseValues[i] as number;
        return v + ((base - this._etaMinFor(base)) * (1 - Math.cos(Math.PI / T))) / 2;
      });
    }
    return current.map((v, i) => {
      const etaMin = this._etaMinFor(this.baseValues[i] as number);
      return ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (v - etaMin) + etaMin;
    });
  }
}
