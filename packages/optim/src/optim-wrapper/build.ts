import { deepCopy } from '@eng/internal';
import { OPTIM_WRAPPER_CONSTRUCTORS } from '@eng/registry';
import type { ParamModule } from '../constructor/default-constructor';
import type { OptimWrapper } from './optim-wrapper';

/** A built optimizer wrapper constructor: `build(model)`, or a plain callable (MMEngine's `__call__`). */
type BuiltConstructor = { build(model: unknown): OptimWrapper } | ((model: unknown) => OptimWrapper);

/**
 * Builds an optimizer wrapper for `model` from an `optim_wrapper` config (MMEngine's `build_optim_wrapper`):
 * `constructor` (default `DefaultOptimWrapperConstructor`) and `paramwise_cfg` are taken out of the config, the
 * constructor is built from OPTIM_WRAPPER_CONSTRUCTORS and builds the wrapper.
 *
 * @example
 * const optimWrapper = buildOptimWrapper(model, {
 *   type: 'OptimWrapper',
 *   optimizer: { type: 'SGD', lr: 0.01, momentum: 0.9, weight_decay: 1e-4 },
 *   clip_grad: { max_norm: 1 },
 * });
 */
export function buildOptimWrapper(model: ParamModule, cfg: object): OptimWrapper {
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
    throw new TypeError(
      `buildOptimWrapper: cfg should be an object (an optim_wrapper config), got ${cfg === null ? 'null' : typeof cfg}`,
    );
  }
  // Plain config data (objects, arrays) is copied, anything else (classes, tensors) kept by reference. The spread reads
  // own keys only: `constructor` is an ordinary own key of an optim_wrapper config.
  const wrapperCfg: Record<string, unknown> = deepCopy({ ...(cfg as Record<string, unknown>) });
  const constructorType = Object.hasOwn(wrapperCfg, 'constructor')
    ? wrapperCfg.constructor
    : 'DefaultOptimWrapperConstructor';
  const paramwiseCfg = Object.hasOwn(wrapperCfg, 'paramwise_cfg') ? (wrapperCfg.paramwise_cfg ?? null) : null;
  const rest = Object.fromEntries(
    Object.entries(wrapperCfg).filter(([k]) => k !== 'constructor' && k !== 'paramwise_cfg'),
  );
  const built = OPTIM_WRAPPER_CONSTRUCTORS.build(<{ type: string }>{
    type: constructorType,
    optim_wrapper_cfg: rest,
    paramwise_cfg: paramwiseCfg,
  }) as BuiltConstructor;
  return typeof built === 'function' ? built(model) : built.build(model);
}
