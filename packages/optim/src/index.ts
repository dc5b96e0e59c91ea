/** @packageDocumentation PyTorch-faithful optimizers, OptimWrapper, paramwise configs and every MMEngine parameter scheduler. */
import './register';

export {
  type CustomKeyOptions,
  DefaultOptimWrapperConstructor,
  type OptimWrapperCfg,
  type ParamGroupSpec,
  type ParamModule,
  type ParamwiseCfg,
} from './constructor/default-constructor';
export {
  OptimizerError,
  type OptimizerErrorCode,
  OptimWrapperConstructorError,
  type OptimWrapperConstructorErrorCode,
  OptimWrapperError,
  type OptimWrapperErrorCode,
  SchedulerError,
  type SchedulerErrorCode,
} from './errors';
export { AmpOptimWrapper } from './optim-wrapper/amp';
export { buildOptimWrapper } from './optim-wrapper/build';
export {
  type ClipGradConfig,
  type GradientReducer,
  type ModelLike,
  OptimWrapper,
  type OptimWrapperOptions,
  type OptimWrapperStateDict,
  type UpdateParamsOptions,
} from './optim-wrapper/optim-wrapper';
export { OptimWrapperDict } from './optim-wrapper/optim-wrapper-dict';
export { type AutoScaleLrCfg, type AutoScaleLrOptions, autoScaleLr } from './optim-wrapper/scale-lr';
export { Adadelta, type AdadeltaOptions } from './optimizer/adadelta';
export { Adagrad, type AdagradOptions } from './optimizer/adagrad';
export { Adam, type AdamOptions, AdamW } from './optimizer/adam';
export { Adamax, type AdamaxOptions } from './optimizer/adamax';
export {
  type HyperParam,
  type LoadableOptimizerStateDict,
  type LoadableStateValue,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamState,
  type ParamsInput,
  type StateValue,
} from './optimizer/base';
export { NAdam, type NAdamOptions } from './optimizer/nadam';
export type { AdamStyleOptions } from './optimizer/options';
export { RAdam, type RAdamOptions } from './optimizer/radam';
export { RMSprop, type RMSpropOptions } from './optimizer/rmsprop';
export { SGD, type SGDOptions } from './optimizer/sgd';
export { buildSchedulerFromCfg } from './scheduler/build';
export {
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
export {
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
export {
  type EpochArgs,
  INF,
  type Options,
  ParamScheduler,
  type ParamSchedulerOptions,
  type SchedulableOptimizer,
} from './scheduler/param-scheduler';
export { ConstantParamScheduler, type ConstantParamSchedulerOptions } from './scheduler/schedulers/constant';
export {
  CosineAnnealingParamScheduler,
  type CosineAnnealingParamSchedulerOptions,
} from './scheduler/schedulers/cosine-annealing';
export {
  CosineRestartParamScheduler,
  type CosineRestartParamSchedulerOptions,
} from './scheduler/schedulers/cosine-restart';
export { ExponentialParamScheduler, type ExponentialParamSchedulerOptions } from './scheduler/schedulers/exponential';
export { LinearParamScheduler, type LinearParamSchedulerOptions } from './scheduler/schedulers/linear';
export { MultiStepParamScheduler, type MultiStepParamSchedulerOptions } from './scheduler/schedulers/multi-step';
export {
  OneCycleParamScheduler,
  type OneCycleParamSchedulerOptions,
  type Phase as OneCyclePhase,
} from './scheduler/schedulers/one-cycle';
export { PolyParamScheduler, type PolyParamSchedulerOptions } from './scheduler/schedulers/poly';
export {
  ReduceOnPlateauParamScheduler,
  type ReduceOnPlateauParamSchedulerOptions,
} from './scheduler/schedulers/reduce-on-plateau';
export { StepParamScheduler, type StepParamSchedulerOptions } from './scheduler/schedulers/step';
