// What a config module exports, read the same way whichever evaluator ran it.
import type { EvaluatedSource } from './throw-position';

export interface ModuleExports {
  /** the default export (or module.exports): the config object or a function returning it */
  config: unknown;
  /** the named export `_base_`, if any */
  base: unknown;
  /** how the module's code ran, to place an error its default export function throws */
  evaluated: EvaluatedSource;
}

/** What a module namespace holds, for both ESM (`export default`) and CJS (`module.exports =`) configs. */
export function readExports(ns: unknown, evaluated: EvaluatedSource): ModuleExports {
  const mod = (ns ?? {}) as Record<string, unknown>;
  const hasDefault = Object.hasOwn(mod, 'default');
  return {
    config: hasDefault ? mod.default : mod,
    base: Object.hasOwn(mod, '_base_') && hasDefault ? mod._base_ : undefined,
    evaluated,
  };
}
