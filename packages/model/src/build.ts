import { hasBrand } from '@eng/internal';
import { type BuildFunc, buildFromCfg, MODELS, type Registry, withConfigPath } from '@eng/registry';
import type { BaseModule } from './module/base-module';
import { Sequential } from './module/containers';

// Marks this package's `buildModelFromCfg` (of either build, ESM or CJS) so that installing it as MODELS' build
// function happens once per process.
const BUILD_FUNC_MARK = '@eng/model/buildModelFromCfg';

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
  registry: Registry<any> = MODELS,
  defaultArgs?: Record<string, unknown>,
): T {
  // buildFromCfg, not registry.build: the registry's build function may be this one.
  if (Array.isArray(cfg)) {
    const modules = cfg.map((c, i) =>
      withConfigPath(`[${i}]`, () => buildFromCfg(c, registry, defaultArgs) as BaseModule),
    );
    return new Sequential(...modules) as T;
  }
  return buildFromCfg(cfg, registry, defaultArgs) as T;
}
Object.defineProperty(buildModelFromCfg, Symbol.for(BUILD_FUNC_MARK), { value: true });

/**
 * Makes `buildModelFromCfg` MODELS' build function, as MMEngine creates MODELS with `build_func=build_model_from_cfg`
 * (children inherit it). Leaves alone a build function that is already this package's (the other build, ESM or CJS,
 * installed it) and one that someone else installed (anything but the registry's default `buildFromCfg`).
 */
export function installModelsBuildFunc(): void {
  const current = MODELS.buildFunc;
  if (hasBrand(current, BUILD_FUNC_MARK)) return;
  // The default of another copy of @eng/registry is another function object with the same name.
  if (current !== buildFromCfg && current.name !== 'buildFromCfg') return;
  // A build function receives any config object; buildFromCfg checks it.
  MODELS.buildFunc = buildModelFromCfg as BuildFunc;
}
