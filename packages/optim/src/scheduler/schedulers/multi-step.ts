import { type EpochArgs, ParamScheduler, type ParamSchedulerOptions } from '../param-scheduler';
import { type SchedulerOptionsSchema, schedulerSchema, schedulerShapes } from '../option-shapes';

export interface MultiStepParamSchedulerOptions extends ParamSchedulerOptions {
  /** Steps at which the value is multiplied by `gamma`; a repeated milestone applies `gamma` that many times. */
  milestones: number[];
  gamma?: number;
}

/** Multiplies the value by `gamma` at each milestone (MMEngine's `MultiStepParamScheduler`). */
export class MultiStepParamScheduler extends ParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: SchedulerOptionsSchema = schedulerSchema(schedulerShapes.multiStep);

  /** milestone -> how many times it was listed (Python's `Counter`). */
  milestones: Record<number, number>;
  gamma: number;

  constructor(options: MultiStepParamSchedulerOptions) {
    super(options);
    this.milestones = {};
    for (const m of options.milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = options.gamma ?? 0.1;
    this.start();
  }

  protected static override scaleEpochArgs(args: EpochArgs, epochLength: number): EpochArgs {
    return { ...args, milestones: (args.milestones as number[]).map((m) => m * epochLength) };
  }

  protected getValue(): number[] {
    const current = this.currentValues();
    const count = this.milestones[this.lastStep];
    if (count === undefined) return current;
    return current.map((v) => v * this.gamma ** count);
  }
}
