import { ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface PolyParamSchedulerOptions extends ParamSchedulerOptions {
  /** Value reached at the end. Defaults to 0. */
  eta_min?: number;
  /** Power of the polynomial. Defaults to 1. */
  power?: number;
}

/** Polynomial decay towards `eta_min` over `[begin, end)` (MMEngine's `PolyParamScheduler`). */
export class PolyParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.poly);

  etaMin: number;
  power: number;
  totalIters: number;

  constructor(options: PolyParamSchedulerOptions) {
    super(options);
    this.etaMin = options.eta_min ?? 0;
    this.power = options.power ?? 1;
    this.totalIters = this.end - this.begin - 1;
    this.start();
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    if (this.lastStep === 0) return current;
    const factor = (1 - 1 / (this.totalIters - this.lastStep + 1)) ** this.power;
    return current.map((v) => (v - this.etaMin) * factor + this.etaMin);
  }
}
