import { SchedulerError } from '../../errors';
import { ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface ConstantParamSchedulerOptions extends ParamSchedulerOptions {
  /** Multiplier applied until `end` (between 0 and 1). Defaults to 1/3. */
  factor?: number;
}

/** Multiplies the value by a constant `factor` in `[begin, end)` (MMEngine's `ConstantParamScheduler`). */
export class ConstantParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.constant);

  factor: number;
  totalIters: number;

  constructor(options: ConstantParamSchedulerOptions) {
    super(options);
    const factor = options.factor ?? 1 / 3;
    if (factor > 1 || factor < 0) {
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: Constant multiplicative factor should between 0 and 1, got ${factor}.`,
      );
    }
    this.factor = factor;
    this.totalIters = this.end - this.begin - 1;
    this.start();
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    if (this.lastStep === 0) return current.map((v) => v * this.factor);
    if (this.lastStep !== this.totalIters) return current;
    return current.map((v) => v * (1 / this.factor));
  }
}
