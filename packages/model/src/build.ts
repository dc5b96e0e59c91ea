import { MODELS, type Registry } from '@eng/registry';
import { Sequential } from './module/containers';
import { buildFrom } from './layers/common';
import type { BaseModule } from './module/base-module';

/**
 * MMEngine `build_model_from_cfg`: a config builds one module from the registry (MODELS by default); a list of
 * configs builds each and chains them in a `Sequential`.
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
  if (Array.isArray(cfg)) {
    const modules = cfg.map((c) => buildFrom<BaseModule>(registry, c, defaultArgs));
    return new Sequential(...modules) as T;
  }
  return buildFrom<T>(registry, cfg, defaultArgs);
}
