import { ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface ExponentialParamSchedulerOptions extends ParamSchedulerOptions {
  /** Multiplicative decay per step. */
  gamma: number;
}

/** Multiplies the value by `gamma` every step (MMEngine's `ExponentialParamScheduler`). */
export class ExponentialParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.exponential);

  gamma: number;

  constructor(options: ExponentialParamSchedulerOptions) {
    super(options);
    this.gamma = options.gamma;
    this.start();
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    return this.lastStep === 0 ? current : current.map((v) => v * this.gamma);
  }
}
