import { SchedulerError } from '../../errors';
import { ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface LinearParamSchedulerOptions extends ParamSchedulerOptions {
  /** Multiplier at the first step (0..1). Defaults to 1/3. */
  start_factor?: number;
  /** Multiplier reached at `end - 1` (0..1). Defaults to 1. */
  end_factor?: number;
}

/** Changes the value linearly from `start_factor` to `end_factor` times its initial value (`LinearParamScheduler`). */
export class LinearParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.linear);

  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(options: LinearParamSchedulerOptions) {
    super(options);
    const start = options.start_factor ?? 1 / 3;
    const end = options.end_factor ?? 1;
    if (start > 1 || start < 0)
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: Starting multiplicative factor should between 0 and 1, got ${start}.`,
      );
    if (end > 1 || end < 0)
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: Ending multiplicative factor should between 0 and 1, got ${end}.`,
      );
    this.startFactor = start;
    this.endFactor = end;
    this.totalIters = this.end - this.begin - 1;
    this.start();
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    if (this.lastStep === 0) return current.map((v) => v * this.startFactor);
    const delta = this.endFactor - this.startFactor;
    return current.map((v) => v * (1 + delta / (this.totalIters * this.startFactor + (this.lastStep - 1) * delta)));
  }
}
