// Importing the package tells @eng/registry's root registries what they build (RootRegistryBuilds).
import { OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS } from '@eng/registry';
import type { tf } from '@eng/tensor-gpu';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  DefaultOptimWrapperConstructor,
  Optimizer,
  OptimWrapper,
  OptimWrapperDict,
  ParamScheduler,
  SGD,
  StepLR,
} from '../src';

declare const params: tf.Variable[];
declare const optimWrapper: OptimWrapper;

describe('the root registries @eng/optim fills build typed objects without a cast', () => {
  it('OPTIMIZERS builds an Optimizer', () => {
    expectTypeOf(OPTIMIZERS.build({ type: 'SGD', lr: 0.1, params })).toEqualTypeOf<Optimizer>();
    expectTypeOf(OPTIMIZERS.build<SGD>({ type: 'SGD', lr: 0.1, params })).toEqualTypeOf<SGD>();
  });

  it('OPTIM_WRAPPERS builds an OptimWrapper (an OptimWrapperDict on request)', () => {
    const optimizer = OPTIMIZERS.build({ type: 'SGD', lr: 0.1, params });
    expectTypeOf(OPTIM_WRAPPERS.build({ type: 'OptimWrapper' }, { optimizer })).toEqualTypeOf<OptimWrapper>();
    expectTypeOf(
      OPTIM_WRAPPERS.build<OptimWrapperDict>({ type: 'OptimWrapperDict' }),
    ).toEqualTypeOf<OptimWrapperDict>();
  });

  it('OPTIM_WRAPPER_CONSTRUCTORS builds a DefaultOptimWrapperConstructor', () => {
    const built = OPTIM_WRAPPER_CONSTRUCTORS.build({
      type: 'DefaultOptimWrapperConstructor',
      optim_wrapper_cfg: { optimizer: { type: 'SGD', lr: 0.1 } },
    });
    expectTypeOf(built).toEqualTypeOf<DefaultOptimWrapperConstructor>();
    expectTypeOf(built.build).returns.toEqualTypeOf<OptimWrapper>();
  });

  it('PARAM_SCHEDULERS builds a ParamScheduler', () => {
    const scheduler = PARAM_SCHEDULERS.build({ type: 'StepLR', step_size: 1 }, { optimizer: optimWrapper });
    expectTypeOf(scheduler).toEqualTypeOf<ParamScheduler>();
    expectTypeOf(scheduler.step).toBeFunction();
    expectTypeOf(
      PARAM_SCHEDULERS.build<StepLR>({ type: 'StepLR', step_size: 1 }, { optimizer: optimWrapper }),
    ).toEqualTypeOf<StepLR>();
  });
});
