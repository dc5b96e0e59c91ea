import { SchedulerError } from '../../errors';
import { type EpochArgs, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface StepParamSchedulerOptions extends ParamSchedulerOptions {
  /** Period of decay, in epochs or iterations. */
  step_size: number;
  gamma?: number;
}

/** Multiplies the value by `gamma` every `step_size` steps (MMEngine's `StepParamScheduler`). */
export class StepParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.step);

  stepSize: number;
  gamma: number;

  constructor(options: StepParamSchedulerOptions) {
    super(options);
    if (!(options.step_size > 0))
      throw new SchedulerError(
        'BAD_OPTION',
        `${this.constructor.name}: step_size should be positive, got ${options.step_size}`,
      );
    this.stepSize = options.step_size;
    this.gamma = options.gamma ?? 0.1;
    this.start();
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return { ...args, step_size: (args.step_size as number) * epochLength };
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    if (this.lastStep === 0 || this.lastStep % this.stepSize !== 0) return current;
    return current.map((v) => v * this.gamma);
  }
}
