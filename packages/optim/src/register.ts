// Registers the package's classes in the root registries of @eng/registry (importing the package does it), and tells
// the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS } from '@eng/registry';
import { DefaultOptimWrapperConstructor } from './constructor/default-constructor';
import { AmpOptimWrapper } from './optim-wrapper/amp';
import { OptimWrapper } from './optim-wrapper/optim-wrapper';
import { OptimWrapperDict } from './optim-wrapper/optim-wrapper-dict';
import { Adadelta } from './optimizer/adadelta';
import { Adagrad } from './optimizer/adagrad';
import { Adam, AdamW } from './optimizer/adam';
import { Adamax } from './optimizer/adamax';
import type { Optimizer } from './optimizer/base';
import { NAdam } from './optimizer/nadam';
import { RAdam } from './optimizer/radam';
import { RMSprop } from './optimizer/rmsprop';
import { SGD } from './optimizer/sgd';
import { buildSchedulerFromCfg } from './scheduler/build';
import {
  ConstantLR,
  CosineAnnealingLR,
  CosineRestartLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  PolyLR,
  ReduceOnPlateauLR,
  StepLR,
} from './scheduler/lr';
import {
  ConstantMomentum,
  CosineAnnealingMomentum,
  CosineRestartMomentum,
  ExponentialMomentum,
  LinearMomentum,
  MultiStepMomentum,
  PolyMomentum,
  ReduceOnPlateauMomentum,
  StepMomentum,
} from './scheduler/momentum';
import type { ParamScheduler } from './scheduler/param-scheduler';
import { ConstantParamScheduler } from './scheduler/schedulers/constant';
import { CosineAnnealingParamScheduler } from './scheduler/schedulers/cosine-annealing';
import { CosineRestartParamScheduler } from './scheduler/schedulers/cosine-restart';
import { ExponentialParamScheduler } from './scheduler/schedulers/exponential';
import { LinearParamScheduler } from './scheduler/schedulers/linear';
import { MultiStepParamScheduler } from './scheduler/schedulers/multi-step';
import { OneCycleParamScheduler } from './scheduler/schedulers/one-cycle';
import { PolyParamScheduler } from './scheduler/schedulers/poly';
import { ReduceOnPlateauParamScheduler } from './scheduler/schedulers/reduce-on-plateau';
import { StepParamScheduler } from './scheduler/schedulers/step';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    OPTIMIZERS: Optimizer;
    /** `OptimWrapper` (and subclasses); an `OptimWrapperDict` is built with `OPTIM_WRAPPERS.build<OptimWrapperDict>(cfg)`. */
    OPTIM_WRAPPERS: OptimWrapper;
    OPTIM_WRAPPER_CONSTRUCTORS: DefaultOptimWrapperConstructor;
    PARAM_SCHEDULERS: ParamScheduler;
  }
}

const OWNER = '@eng/optim';

registerBuiltins(OPTIMIZERS, OWNER, { SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam });
registerBuiltins(OPTIM_WRAPPERS, OWNER, { OptimWrapper, AmpOptimWrapper, OptimWrapperDict });
registerBuiltins(OPTIM_WRAPPER_CONSTRUCTORS, OWNER, { DefaultOptimWrapperConstructor });
registerBuiltins(PARAM_SCHEDULERS, OWNER, {
  ConstantLR,
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  StepLR,
  PolyLR,
  OneCycleLR,
  CosineRestartLR,
  ReduceOnPlateauLR,
  ConstantMomentum,
  CosineAnnealingMomentum,
  ExponentialMomentum,
  LinearMomentum,
  MultiStepMomentum,
  StepMomentum,
  PolyMomentum,
  CosineRestartMomentum,
  ReduceOnPlateauMomentum,
  ConstantParamScheduler,
  CosineAnnealingParamScheduler,
  ExponentialParamScheduler,
  LinearParamScheduler,
  MultiStepParamScheduler,
  StepParamScheduler,
  PolyParamScheduler,
  OneCycleParamScheduler,
  CosineRestartParamScheduler,
  ReduceOnPlateauParamScheduler,
});
// MMEngine's PARAM_SCHEDULERS is created with build_scheduler_from_cfg as its build function.
PARAM_SCHEDULERS.buildFunc = buildSchedulerFromCfg as typeof PARAM_SCHEDULERS.buildFunc;
