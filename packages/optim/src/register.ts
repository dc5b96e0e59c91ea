// Registers the package's classes in the root registries of @eng/registry (importing the package does it).
import { OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS } from '@eng/registry';
import { DefaultOptimWrapperConstructor } from './constructor/default-constructor';
import { Adadelta, Adagrad, Adam, Adamax, AdamW, NAdam, RAdam, RMSprop, SGD } from './optimizer';
import { AmpOptimWrapper } from './optim-wrapper/amp';
import { OptimWrapper } from './optim-wrapper/optim-wrapper';
import { OptimWrapperDict } from './optim-wrapper/optim-wrapper-dict';
import * as lr from './scheduler/lr';
import * as momentum from './scheduler/momentum';
import { buildSchedulerFromCfg } from './scheduler/build';
import * as generic from './scheduler/schedulers';

type Named = { name: string };

// `force`: the ESM and CJS builds of this package may both be loaded in one process; they share the registries.
function register(
  registry: { registerModule(options: { name: string; module: never; force: boolean }): unknown },
  modules: Record<string, unknown>,
): void {
  for (const [name, module] of Object.entries(modules)) {
    if (typeof module === 'function' && /^[A-Z]/.test(name))
      registry.registerModule({ name, module: module as never, force: true });
  }
}

register(OPTIMIZERS, { SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam });
register(OPTIM_WRAPPERS, { OptimWrapper, AmpOptimWrapper, OptimWrapperDict });
register(OPTIM_WRAPPER_CONSTRUCTORS, { DefaultOptimWrapperConstructor });
register(PARAM_SCHEDULERS, { ...lr, ...momentum, ...generic } as Record<string, Named>);
// MMEngine's PARAM_SCHEDULERS is created with build_scheduler_from_cfg as its build function.
PARAM_SCHEDULERS.buildFunc = buildSchedulerFromCfg as typeof PARAM_SCHEDULERS.buildFunc;
