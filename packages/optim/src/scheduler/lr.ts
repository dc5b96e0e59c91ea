import type { Options } from './param-scheduler';
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
import { OneCycleParamScheduler, type OneCycleParamSchedulerOptions } from './schedulers/one-cycle';
import { CosineRestartParamScheduler, type CosineRestartParamSchedulerOptions } from './schedulers/cosine-restart';
import {
  ReduceOnPlateauParamScheduler,
  type ReduceOnPlateauParamSchedulerOptions,
} from './schedulers/reduce-on-plateau';
import { fixedParamSchema, type SchedulerOptionsSchema, schedulerShapes } from './option-shapes';

/** MMEngine's `ConstantLR`: `ConstantParamScheduler` on the learning rate. */
export class ConstantLR extends ConstantParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.constant);

  constructor(options: Options<ConstantParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `CosineAnnealingLR`: `CosineAnnealingParamScheduler` on the learning rate. */
export class CosineAnnealingLR extends CosineAnnealingParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.cosineAnnealing);

  constructor(options: Options<CosineAnnealingParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `ExponentialLR`: `ExponentialParamScheduler` on the learning rate. */
export class ExponentialLR extends ExponentialParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.exponential);

  constructor(options: Options<ExponentialParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `LinearLR`: `LinearParamScheduler` on the learning rate. */
export class LinearLR extends LinearParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.linear);

  constructor(options: Options<LinearParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `MultiStepLR`: `MultiStepParamScheduler` on the learning rate. */
export class MultiStepLR extends MultiStepParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.multiStep);

  constructor(options: Options<MultiStepParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `StepLR`: `StepParamScheduler` on the learning rate. */
export class StepLR extends StepParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.step);

  constructor(options: Options<StepParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `PolyLR`: `PolyParamScheduler` on the learning rate. */
export class PolyLR extends PolyParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.poly);

  constructor(options: Options<PolyParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `OneCycleLR`: `OneCycleParamScheduler` on the learning rate. */
export class OneCycleLR extends OneCycleParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.oneCycle);

  constructor(options: Options<OneCycleParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `CosineRestartLR`: `CosineRestartParamScheduler` on the learning rate. */
export class CosineRestartLR extends CosineRestartParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.cosineRestart);

  constructor(options: Options<CosineRestartParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `ReduceOnPlateauLR`: `ReduceOnPlateauParamScheduler` on the learning rate. */
export class ReduceOnPlateauLR extends ReduceOnPlateauParamScheduler {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: SchedulerOptionsSchema = fixedParamSchema(schedulerShapes.reduceOnPlateau);

  constructor(options: Options<ReduceOnPlateauParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}
