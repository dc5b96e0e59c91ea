import { buildFromCfg, MODELS, type Registry } from '@eng/registry';
import type { BaseModule } from './module/base-module';
import { Sequential } from './module/containers';

const MARK = Symbol.for('eng.model.buildModelFromCfg');

/**
 * MMEngine `build_model_from_cfg`: a config builds one module from the registry (MODELS by default); a list of
 * configs builds each and chains them in a `Sequential`. It is MODELS' build function, so `MODELS.build([...])`
 * (and the same call on any child registry of MODELS) gives a `Sequential` too.
 *
 * @example
 * const net = buildModelFromCfg([
 *   { type: 'Linear', in_features: 4, out_features: 8 },
 *   { type: 'ReLU' },
 *   { type: 'Linear', in_features: 8, out_features: 2 },
 * ]); // Sequential with children 0, 1, 2
 */
export function buildModelFromCfg<T = BaseModule>(
  cfg: Record<string, unknown> | Array<Record<string, unknown>>,
  registry: Registry = MODELS,
  defaultArgs?: Record<string, unknown>,
): T {
  // buildFromCfg, not registry.build: the registry's build function may be this one.
  if (Array.isArray(cfg)) {
    const modules = cfg.map((c) => buildFromCfg(c, registry, defaultArgs) as BaseModule);
    return new Sequential(...modules) as T;
  }
  return buildFromCfg(cfg, registry, defaultArgs) as T;
}
Object.defineProperty(buildModelFromCfg, MARK, { value: true });

/**
 * Makes `buildModelFromCfg` MODELS' build function, as MMEngine creates MODELS with `build_func=build_model_from_cfg`
 * (children inherit it). A build function someone else installed is left alone; so is one a second copy of this
 * package (its ESM and CJS builds in one process) installed.
 */
function installOnModels(): void {
  const current = MODELS.buildFunc as unknown as Record<symbol, unknown> & { name: string };
  if (current[MARK] === true) return;
  if (current !== (buildFromCfg as unknown) && current.name !== 'buildFromCfg') return;
  MODELS.buildFunc = buildModelFromCfg as typeof MODELS.buildFunc;
}

installOnModels();
