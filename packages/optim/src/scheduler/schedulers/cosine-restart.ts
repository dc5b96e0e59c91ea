import { SchedulerError } from '../../errors';
import { type EpochArgs, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface CosineRestartParamSchedulerOptions extends ParamSchedulerOptions {
  /** Length of each cosine cycle. */
  periods: number[];
  /** Peak of each cycle as a fraction of the initial value. Defaults to [1]. */
  restart_weights?: number[];
  eta_min?: number | null;
  eta_min_ratio?: number | null;
}

/** Cosine annealing with warm restarts at the end of every period (`CosineRestartParamScheduler`). */
export class CosineRestartParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.cosineRestart);

  periods: number[];
  etaMin: number | null;
  etaMinRatio: number | null;
  restartWeights: number[];
  cumulativePeriods: number[];

  constructor(options: CosineRestartParamSchedulerOptions) {
    super(options);
    const etaMin = options.eta_min ?? null;
    const ratio = options.eta_min_ratio ?? null;
    if ((etaMin === null) === (ratio === null)) {
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: exactly one of eta_min and eta_min_ratio should be set`,
      );
    }
    this.periods = [...options.periods];
    this.etaMin = etaMin;
    this.etaMinRatio = ratio;
    this.restartWeights = [...(options.restart_weights ?? [1])];
    if (this.periods.length !== this.restartWeights.length) {
      throw new SchedulerError('BAD_OPTION', 'periods and restart_weights should have the same length.');
    }
    let sum = 0;
    this.cumulativePeriods = this.periods.map((p) => (sum += p));
    this.start();
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return { ...args, periods: (args.periods as number[]).map((p) => p * epochLength) };
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    const idx = this.cumulativePeriods.findIndex((p) => this.lastStep < p);
    if (idx === -1) return current;
    const weight = this.restartWeights[idx] as number;
    const restart = idx === 0 ? 0 : (this.cumulativePeriods[idx - 1] as number);
    const period = this.periods[idx] as number;
    const step = this.lastStep - restart;
    return current.map((v, i) => {
      const base = this.baseValues[i] as number;
      const etaMax = base * weight;
      const etaMin = this.etaMinRatio === null ? (this.etaMin as number) : base * this.etaMinRatio;
      if (step === 0) return etaMax;
      return (
        ((1 + Math.cos((Math.PI * step) / period)) / (1 + Math.cos((Math.PI * (step - 1)) / period))) * (v - etaMin) +
        etaMin
      );
    });
  }
}
