import type { BaseModule } from '../module/base-module';

/**
 * What `WEIGHT_INITIALIZERS` builds and `init_cfg` applies: `BaseInit` and its subclasses, and `PretrainedInit`
 * (which, as in MMEngine, is not a `BaseInit`).
 */
export interface WeightInitializer {
  /** Set by an `override`: initialise the whole module it is applied to, regardless of `layer`. */
  wholemodule: boolean;
  /** Initialises `module` (MMEngine's `__call__`). */
  call(module: BaseModule): void | Promise<void>;
  /** The line logged for every parameter this initializer changed. */
  initInfo(): string;
}
