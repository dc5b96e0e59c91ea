/** @packageDocumentation PyTorch-faithful optimizers, OptimWrapper, paramwise configs and every MMEngine parameter scheduler. */
import './register';

export {
  type CustomKeyOptions,
  DefaultOptimWrapperConstructor,
  OptimWrapperConstructorError,
  type OptimWrapperCfg,
  type ParamGroupSpec,
  type ParamModule,
  type ParamwiseCfg,
} from './constructor/default-constructor';
export * from './optimizer';
export { AmpOptimWrapper } from './optim-wrapper/amp';
export { buildOptimWrapper } from './optim-wrapper/build';
export {
  type ClipGradConfig,
  type ModelLike,
  OptimWrapper,
  OptimWrapperError,
  type OptimWrapperOptions,
  type OptimWrapperStateDict,
  type UpdateParamsOptions,
} from './optim-wrapper/optim-wrapper';
export { OptimWrapperDict } from './optim-wrapper/optim-wrapper-dict';
export { type AutoScaleLrCfg, type AutoScaleLrOptions, autoScaleLr } from './optim-wrapper/scale-lr';
export { buildSchedulerFromCfg } from './scheduler/build';
export * from './scheduler';
