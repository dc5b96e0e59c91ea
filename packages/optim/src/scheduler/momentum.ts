import type { Options, SchedulableOptimizer } from './param-scheduler';
import { SchedulerError } from '../errors';
import { ConstantParamScheduler, type ConstantParamSchedulerOptions } from './schedulers/constant';
import {
  CosineAnnealingParamScheduler,
  type CosineAnnealingParamSchedulerOptions,
} from './schedulers/cosine-annealing';
import { ExponentialParamScheduler, type ExponentialParamSchedulerOptions } from './schedulers/exponential';
import { LinearParamScheduler, type LinearParamSchedulerOptions } from './schedulers/linear';
import { MultiStepParamScheduler, type MultiStepParamSchedulerOptions } from './schedulers/multi-step';
import { StepParamScheduler, type StepParamSchedulerOptions } from './schedulers/step';
import { PolyParamScheduler, type PolyParamSchedulerOptions } from './schedulers/poly';
import { CosineRestartParamScheduler, type CosineRestartParamSchedulerOptions } from './schedulers/cosine-restart';
import {
  ReduceOnPlateauParamScheduler,
  type ReduceOnPlateauParamSchedulerOptions,
} from './schedulers/reduce-on-plateau';
import { fixedParamSchema, type SchedulerOptionsSchema, schedulerShapes } from './option-shapes';

function usesBetas(optimizer: SchedulableOptimizer): boolean {
  const defaults = optimizer.defaults ?? optimizer.paramGroups[0] ?? {};
  return !('momentum' in defaults) && 'betas' in defaults;
}

/**
 * Momentum schedulers schedule `momentum` (SGD, RMSprop) or, for Adam-like optimizers, the first of `betas`,
 * mirrored into a `momentum` key of every group (as MMEngine's MomentumSchedulerMixin does).
 */
function momentumOptions<T extends { optimizer: SchedulableOptimizer }>(
  cls: string,
  options: T,
): T & { param_name: string } {
  const optimizer = options?.optimizer;
  if (optimizer == null || !Array.isArray(optimizer.paramGroups)) {
    throw new TypeError(
      `${cls}: 'optimizer' should be an Optimizer or OptimWrapper with paramGroups, got ${String(optimizer)}`,
    );
  }
  const defaults = optimizer.defaults ?? optimizer.paramGroups[0] ?? {};
  if (usesBetas(optimizer)) {
    for (const group of optimizer.paramGroups) group.momentum = (group.betas as number[])[0];
  } else if (!('momentum' in defaults)) {
    throw new SchedulerError(
      'NO_MOMENTUM',
      `${cls}: optimizer must support momentum when using momentum scheduler (no 'momentum' or 'betas' in its defaults)`,
    );
  }
  return { ...options, param_name: 'momentum' };
}

function syncBetas(optimizer: SchedulableOptimizer): void {
  if (!usesBetas(optimizer)) return;
  for (const group of optimizer.paramGroups) {
    const betas = group.betas as number[];
    group.betas = [group.momentum as number, betas[1] as number];
  }
}

/** MMEngine's `ConstantMomentum`: `ConstantParamScheduler` on the momentum (or Adam's beta1). */
export class ConstantMomentum extends ConstantParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.constant);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<ConstantParamSchedulerOptions>) {
    super(momentumOptions('ConstantMomentum', options as ConstantParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `CosineAnnealingMomentum`: `CosineAnnealingParamScheduler` on the momentum (or Adam's beta1). */
export class CosineAnnealingMomentum extends CosineAnnealingParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.cosineAnnealing);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<CosineAnnealingParamSchedulerOptions>) {
    super(momentumOptions('CosineAnnealingMomentum', options as CosineAnnealingParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `ExponentialMomentum`: `ExponentialParamScheduler` on the momentum (or Adam's beta1). */
export class ExponentialMomentum extends ExponentialParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.exponential);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<ExponentialParamSchedulerOptions>) {
    super(momentumOptions('ExponentialMomentum', options as ExponentialParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `LinearMomentum`: `LinearParamScheduler` on the momentum (or Adam's beta1). */
export class LinearMomentum extends LinearParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.linear);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<LinearParamSchedulerOptions>) {
    super(momentumOptions('LinearMomentum', options as LinearParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `MultiStepMomentum`: `MultiStepParamScheduler` on the momentum (or Adam's beta1). */
export class MultiStepMomentum extends MultiStepParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.multiStep);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<MultiStepParamSchedulerOptions>) {
    super(momentumOptions('MultiStepMomentum', options as MultiStepParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `StepMomentum`: `StepParamScheduler` on the momentum (or Adam's beta1). */
export class StepMomentum extends StepParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.step);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<StepParamSchedulerOptions>) {
    super(momentumOptions('StepMomentum', options as StepParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `PolyMomentum`: `PolyParamScheduler` on the momentum (or Adam's beta1). */
export class PolyMomentum extends PolyParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.poly);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<PolyParamSchedulerOptions>) {
    super(momentumOptions('PolyMomentum', options as PolyParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `CosineRestartMomentum`: `CosineRestartParamScheduler` on the momentum (or Adam's beta1). */
export class CosineRestartMomentum extends CosineRestartParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.cosineRestart);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<CosineRestartParamSchedulerOptions>) {
    super(momentumOptions('CosineRestartMomentum', options as CosineRestartParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}

/** MMEngine's `ReduceOnPlateauMomentum`: `ReduceOnPlateauParamScheduler` on the momentum (or Adam's beta1). */
export class ReduceOnPlateauMomentum extends ReduceOnPlateauParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.reduceOnPlateau);

  /** MMEngine's `use_betas`: whether the momentum is the first of Adam's `betas` (saved in the state dict). */
  useBetas: boolean;

  constructor(options: Options<ReduceOnPlateauParamSchedulerOptions>) {
    super(momentumOptions('ReduceOnPlateauMomentum', options as ReduceOnPlateauParamSchedulerOptions));
    this.useBetas = usesBetas(this.optimizer);
  }
  protected override onValuesWritten(): void {
    syncBetas(this.optimizer);
  }
}
