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

/** MMEngine's `ConstantLR`: `ConstantParamScheduler` on the learning rate. */
export class ConstantLR extends ConstantParamScheduler {
  constructor(options: Options<ConstantParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `CosineAnnealingLR`: `CosineAnnealingParamScheduler` on the learning rate. */
export class CosineAnnealingLR extends CosineAnnealingParamScheduler {
  constructor(options: Options<CosineAnnealingParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `ExponentialLR`: `ExponentialParamScheduler` on the learning rate. */
export class ExponentialLR extends ExponentialParamScheduler {
  constructor(options: Options<ExponentialParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `LinearLR`: `LinearParamScheduler` on the learning rate. */
export class LinearLR extends LinearParamScheduler {
  constructor(options: Options<LinearParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `MultiStepLR`: `MultiStepParamScheduler` on the learning rate. */
export class MultiStepLR extends MultiStepParamScheduler {
  constructor(options: Options<MultiStepParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `StepLR`: `StepParamScheduler` on the learning rate. */
export class StepLR extends StepParamScheduler {
  constructor(options: Options<StepParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `PolyLR`: `PolyParamScheduler` on the learning rate. */
export class PolyLR extends PolyParamScheduler {
  constructor(options: Options<PolyParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `OneCycleLR`: `OneCycleParamScheduler` on the learning rate. */
export class OneCycleLR extends OneCycleParamScheduler {
  constructor(options: Options<OneCycleParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `CosineRestartLR`: `CosineRestartParamScheduler` on the learning rate. */
export class CosineRestartLR extends CosineRestartParamScheduler {
  constructor(options: Options<CosineRestartParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}

/** MMEngine's `ReduceOnPlateauLR`: `ReduceOnPlateauParamScheduler` on the learning rate. */
export class ReduceOnPlateauLR extends ReduceOnPlateauParamScheduler {
  constructor(options: Options<ReduceOnPlateauParamSchedulerOptions>) {
    super({ ...options, param_name: 'lr' });
  }
}
