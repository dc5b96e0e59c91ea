import type { BaseModule } from '../module/base-module';

const WRAPPER = Symbol.for('@eng/model.wrapper');

/** A model wrapper (MMEngine's MODEL_WRAPPERS): a module around the model it trains, which is `module`. */
export interface ModelWrapper<M extends BaseModule = BaseModule> {
  readonly module: M;
}

/** Marks a class's instances as model wrappers (so that {@link isModelWrapper} knows them across copies). */
export function markModelWrapper(cls: abstract new (...args: never[]) => object): void {
  Object.defineProperty(cls.prototype, WRAPPER, { value: true });
}

/**
 * MMEngine's `is_model_wrapper(model)`: whether `model` is a wrapper from MODEL_WRAPPERS (such as
 * `MMDistributedDataParallel`) rather than the model itself.
 *
 * @example
 * isModelWrapper(new Linear({ in_features: 2, out_features: 1 })); // false
 */
export function isModelWrapper(model: unknown): model is ModelWrapper {
  return typeof model === 'object' && model !== null && (model as { [WRAPPER]?: boolean })[WRAPPER] === true;
}

/**
 * The model inside any wrappers (MMEngine's `model.module if is_model_wrapper(model) else model`): what checkpoints
 * save and load, and what optimizers and averaged models are built from.
 *
 * @example
 * const linear = new Linear({ in_features: 2, out_features: 1 });
 * unwrapModel(linear) === linear; // true
 */
export function unwrapModel<M extends BaseModule>(model: M | ModelWrapper<M>): M {
  let inner: unknown = model;
  while (isModelWrapper(inner)) inner = inner.module;
  return inner as M;
}
