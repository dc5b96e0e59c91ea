// MMEngine's `initialize(module, init_cfg)`: builds initializers from WEIGHT_INITIALIZERS and applies them, with the
// `layer` filter and the `override` rule (a nested init_cfg applied to the whole named child).
import { deepCopy, describe } from '@eng/internal';
import { WEIGHT_INITIALIZERS, withConfigPath } from '@eng/registry';
import { ModelError } from '../errors';
import type { BaseModule } from '../module/base-module';
import { PretrainedInit } from './initializers';
import type { WeightInitializer } from './weight-initializer';

/** One `override` entry: `name` picks the child; the rest is an init_cfg (empty: reuse the outer one). */
export interface OverrideCfg {
  name: string;
  type?: string | Function;
  [key: string]: unknown;
}

/** One `init_cfg` entry as configs write it. */
export interface InitCfg {
  type: string | Function;
  layer?: string | string[];
  override?: OverrideCfg | OverrideCfg[];
  [key: string]: unknown;
}

export function isPretrainedCfg(cfg: InitCfg): boolean {
  return cfg.type === 'Pretrained' || cfg.type === PretrainedInit;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function runInitializer(
  module: BaseModule,
  cfg: Record<string, unknown>,
  wholemodule: boolean,
  path: string,
): Promise<void> {
  // Initializers are built after the model, so a bad key is reported under `init_cfg` by hand.
  const init: Partial<WeightInitializer> | null | undefined = withConfigPath(path, () =>
    WEIGHT_INITIALIZERS.build(cfg),
  );
  if (init == null || typeof init.call !== 'function') {
    throw new ModelError(
      'NOT_AN_INITIALIZER',
      `WEIGHT_INITIALIZERS built ${describe(init)} from type ${String(cfg.type)}, which has no call(module) method`,
    );
  }
  init.wholemodule = wholemodule;
  await init.call(module);
}

async function initializeOverride(
  module: BaseModule,
  override: unknown,
  outer: Record<string, unknown>,
  path: string,
): Promise<void> {
  if (!isObject(override) && !Array.isArray(override)) {
    throw new TypeError(`override must be an object or a list of objects, but got ${describe(override)}`);
  }
  const list = Array.isArray(override) ? override : [override];
  for (const [j, item] of list.entries()) {
    if (!isObject(item)) throw new TypeError(`override entries must be objects, but got ${describe(item)}`);
    const { name, ...rest } = deepCopy(item, 'keep');
    if (name === undefined)
      throw new ModelError(
        'OVERRIDE_NEEDS_NAME',
        `\`override\` must contain the key "name", but got ${JSON.stringify(item)}`,
      );
    let cfg = rest;
    if (Object.keys(rest).length === 0) cfg = { ...outer };
    else if (!('type' in rest)) {
      throw new ModelError('OVERRIDE_NEEDS_TYPE', `\`override\` needs a "type" key, but got ${JSON.stringify(item)}`);
    }
    let target: BaseModule;
    try {
      target = module.getSubmodule(String(name));
    } catch (cause) {
      throw new ModelError(
        'OVERRIDE_TARGET_MISSING',
        `${module.constructor.name} has no submodule "${String(name)}", but init_cfg override is ${JSON.stringify(item)}: ${(cause as Error).message}`,
        { cause },
      );
    }
    await runInitializer(target, cfg, true, Array.isArray(override) ? `${path}.override[${j}]` : `${path}.override`);
  }
}

/**
 * Initialises `module` from one or more init configs.
 *
 * @example
 * await initialize(model, { type: 'Constant', val: 1, bias: 2, layer: 'Conv2d',
 *   override: { type: 'Constant', name: 'reg', val: 3, bias: 4 } });
 */
export async function initialize(module: BaseModule, initCfg: InitCfg | InitCfg[]): Promise<void> {
  if (!isObject(initCfg) && !Array.isArray(initCfg)) {
    throw new TypeError(`init_cfg must be an object or a list of objects, but got ${describe(initCfg)}`);
  }
  const cfgs = Array.isArray(initCfg) ? initCfg : [initCfg];
  for (const [i, cfg] of cfgs.entries()) {
    const path = Array.isArray(initCfg) ? `init_cfg[${i}]` : 'init_cfg';
    if (!isObject(cfg)) throw new TypeError(`init_cfg entries must be objects, but got ${describe(cfg)}`);
    const { override, ...rest } = cfg;
    await runInitializer(module, rest, false, path);
    if (override !== undefined && override !== null) {
      const { layer: _layer, ...outer } = rest;
      await initializeOverride(module, override, outer, path);
    }
  }
}
