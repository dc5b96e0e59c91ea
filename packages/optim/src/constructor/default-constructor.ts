import { optionsSchema } from '@eng/internal/options';
import { printLog } from '@eng/logging';
import { OPTIM_WRAPPERS, OPTIMIZERS, withConfigPath } from '@eng/registry';
import type { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { OptimWrapperConstructorError } from '../errors';
import type { OptimWrapper } from '../optim-wrapper/optim-wrapper';

/** The module tree the constructor walks; `BaseModule` of @eng/model satisfies it. */
export interface ParamModule {
  namedParameters(prefix?: string, recurse?: boolean): Iterable<[string, tf.Variable]>;
  namedChildren(): Iterable<[string, ParamModule]>;
  parameters?(recurse?: boolean): Iterable<tf.Variable>;
  /** Normalization layers (BatchNorm, LayerNorm, GroupNorm, InstanceNorm): `norm_decay_mult`. */
  readonly isNorm?: boolean;
  /** Convolutions whose groups equal their input channels: `dwconv_decay_mult`. */
  readonly isDepthwiseConv?: boolean;
}

/** Options of one `custom_keys` entry; other keys are copied into the param group as they are. */
export interface CustomKeyOptions {
  lr_mult?: number;
  decay_mult?: number;
  [key: string]: unknown;
}

/** MMEngine's `paramwise_cfg`. */
export interface ParamwiseCfg {
  custom_keys?: Record<string, CustomKeyOptions>;
  bias_lr_mult?: number;
  bias_decay_mult?: number;
  norm_decay_mult?: number;
  dwconv_decay_mult?: number;
  flat_decay_mult?: number;
  bypass_duplicate?: boolean;
  /** Deformable convolutions do not exist in TensorFlow.js; accepted and ignored. */
  dcn_offset_lr_mult?: number;
  [key: string]: unknown;
}

/** A param group being assembled: `{ params: [variable], lr?, weight_decay?, ... }`. */
export interface ParamGroupSpec {
  params: tf.Variable[];
  [key: string]: unknown;
}

export interface OptimWrapperCfg {
  type?: string | (new (...args: never[]) => unknown);
  optimizer: Record<string, unknown> & { type: string | (new (...args: never[]) => unknown) };
  [key: string]: unknown;
}

function isModule(value: unknown): value is ParamModule {
  return (
    value != null &&
    typeof (value as ParamModule).namedParameters === 'function' &&
    typeof (value as ParamModule).namedChildren === 'function'
  );
}

/**
 * Builds an optimizer wrapper for a model from an `optim_wrapper` config (MMEngine's
 * `DefaultOptimWrapperConstructor`), with per-parameter learning rates and weight decays from `paramwise_cfg`.
 *
 * Rules for a parameter named `prefix.name`, in order: the longest `custom_keys` key contained in the name wins
 * (ties in alphabetical order) and sets `lr = base_lr * lr_mult`, `weight_decay = base_wd * decay_mult` plus its
 * other keys; otherwise `bias_lr_mult` (not for norm layers), then one of `norm_decay_mult`, `bias_decay_mult`,
 * `dwconv_decay_mult`, `flat_decay_mult` (first that applies) scales the weight decay.
 *
 * @example
 * const ctor = new DefaultOptimWrapperConstructor({
 *   optim_wrapper_cfg: { optimizer: { type: 'SGD', lr: 0.01, weight_decay: 1e-4 } },
 *   paramwise_cfg: { norm_decay_mult: 0 },
 * });
 * const optimWrapper = ctor.build(model);
 */
const buildableCfg = z.looseObject({ type: z.union([z.string(), z.function()]).optional() });

/** MMEngine's `paramwise_cfg` keys; a subclass with keys of its own declares its own schema (or none). */
const paramwiseCfgSchema = z.strictObject({
  custom_keys: z
    .record(z.string(), z.looseObject({ lr_mult: z.number().optional(), decay_mult: z.number().optional() }))
    .optional(),
  bias_lr_mult: z.number().optional(),
  bias_decay_mult: z.number().optional(),
  norm_decay_mult: z.number().optional(),
  dwconv_decay_mult: z.number().optional(),
  flat_decay_mult: z.number().optional(),
  bypass_duplicate: z.boolean().optional(),
  dcn_offset_lr_mult: z.number().optional(),
});

export class DefaultOptimWrapperConstructor {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema({
    optim_wrapper_cfg: buildableCfg,
    paramwise_cfg: paramwiseCfgSchema.nullable().optional(),
  });

  readonly optimWrapperCfg: Record<string, unknown>;
  readonly optimizerCfg: Record<string, unknown>;
  readonly paramwiseCfg: ParamwiseCfg;
  readonly baseLr: number | undefined;
  readonly baseWd: number | undefined;

  constructor(options: { optim_wrapper_cfg: OptimWrapperCfg; paramwise_cfg?: ParamwiseCfg | null }) {
    const cfg = options?.optim_wrapper_cfg;
    if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
      throw new TypeError(`optim_wrapper_cfg should be an object, but got ${cfg === null ? 'null' : typeof cfg}`);
    }
    if (!('optimizer' in cfg)) {
      throw new OptimWrapperConstructorError(
        'MISSING_OPTIMIZER',
        '`optim_wrapper_cfg` must contain "optimizer" config',
      );
    }
    const { optimizer, ...wrapperCfg } = cfg;
    this.optimWrapperCfg = wrapperCfg;
    this.optimizerCfg = { ...optimizer };
    this.paramwiseCfg = (options.paramwise_cfg ?? {}) as ParamwiseCfg;
    const lr = this.optimizerCfg.lr;
    const wd = this.optimizerCfg.weight_decay;
    this.baseLr = typeof lr === 'number' ? lr : undefined;
    this.baseWd = typeof wd === 'number' ? wd : undefined;
    this.validateCfg();
  }

  protected validateCfg(): void {
    const cfg = this.paramwiseCfg;
    if (typeof cfg !== 'object' || Array.isArray(cfg)) {
      throw new TypeError(`paramwise_cfg should be null or an object, but got ${typeof cfg}`);
    }
    if ('custom_keys' in cfg) {
      const keys = cfg.custom_keys;
      if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
        throw new TypeError(
          `If specified, custom_keys must be an object, but got ${Array.isArray(keys) ? 'array' : typeof keys}`,
        );
      }
      if (this.baseWd === undefined) {
        for (const [key, value] of Object.entries(keys)) {
          if ('decay_mult' in value) {
            throw new OptimWrapperConstructorError(
              'MISSING_WEIGHT_DECAY',
              `base_wd should not be None: custom_keys['${key}'] sets decay_mult but optimizer.weight_decay is not set`,
            );
          }
        }
      }
    }
    for (const key of ['bias_decay_mult', 'norm_decay_mult', 'dwconv_decay_mult'] as const) {
      if (key in cfg && this.baseWd === undefined) {
        throw new OptimWrapperConstructorError(
          'MISSING_WEIGHT_DECAY',
          `base_wd should not be None: paramwise_cfg.${key} is set but optimizer.weight_decay is not`,
        );
      }
    }
  }

  /**
   * Appends a param group for every parameter of `module` (not of its children), then recurses into the
   * children with their dotted prefixes. Override it for a custom policy (the manual's layer-decay example).
   */
  addParams(params: ParamGroupSpec[], module: ParamModule, prefix = '', _isDcnModule?: boolean): void {
    const cfg = this.paramwiseCfg;
    const customKeys = cfg.custom_keys ?? {};
    // alphabetical first, then the longest key first (a stable sort keeps the alphabetical order of ties)
    const sortedKeys = Object.keys(customKeys)
      .sort()
      .sort((a, b) => b.length - a.length);
    const isNorm = module.isNorm === true;
    const isDwconv = module.isDepthwiseConv === true;
    const seen = new Set(params.flatMap((g) => g.params));
    for (const [name, param] of module.namedParameters('', false)) {
      const group: ParamGroupSpec = { params: [param] };
      const fullName = prefix ? `${prefix}.${name}` : name;
      if (cfg.bypass_duplicate && seen.has(param)) {
        printLog(`${prefix} is duplicate. It is skipped since bypass_duplicate=${cfg.bypass_duplicate}`, {
          logger: 'current',
          level: 'WARNING',
        });
        continue;
      }
      // A frozen parameter (requires_grad=False) joins no group, as in MMEngine since 0.10.4 (before, it got a group of
      // its own with the defaults).
      if (!param.trainable) {
        printLog(`${fullName} is skipped since its requires_grad=False`, { logger: 'current', level: 'WARNING' });
        continue;
      }
      // MMEngine matches against `${prefix}.${name}` even at the root (a leading '.').
      const matchName = `${prefix}.${name}`;
      const key = sortedKeys.find((k) => matchName.includes(k));
      if (key !== undefined) {
        const custom = customKeys[key] as CustomKeyOptions;
        group.lr = this._requireLr() * (custom.lr_mult ?? 1);
        if (this.baseWd !== undefined) group.weight_decay = this.baseWd * (custom.decay_mult ?? 1);
        for (const [k, v] of Object.entries(custom)) group[k] = v;
      } else {
        if (name === 'bias' && !isNorm && cfg.bias_lr_mult !== undefined)
          group.lr = this._requireLr() * cfg.bias_lr_mult;
        if (this.baseWd !== undefined) {
          if (isNorm && cfg.norm_decay_mult !== undefined) group.weight_decay = this.baseWd * cfg.norm_decay_mult;
          else if (name === 'bias' && cfg.bias_decay_mult !== undefined)
            group.weight_decay = this.baseWd * cfg.bias_decay_mult;
          else if (isDwconv && cfg.dwconv_decay_mult !== undefined)
            group.weight_decay = this.baseWd * cfg.dwconv_decay_mult;
          else if (param.rank === 1 && cfg.flat_decay_mult !== undefined)
            group.weight_decay = this.baseWd * cfg.flat_decay_mult;
        }
      }
      params.push(group);
      seen.add(param);
      for (const [k, v] of Object.entries(group)) {
        if (k !== 'params')
          printLog(`paramwise_options -- ${fullName}:${k}=${String(v)}`, { logger: 'current', level: 'INFO' });
      }
    }
    for (const [childName, child] of module.namedChildren()) {
      this.addParams(params, child, prefix ? `${prefix}.${childName}` : childName, false);
    }
  }

  private _requireLr(): number {
    if (this.baseLr === undefined) {
      throw new OptimWrapperConstructorError(
        'MISSING_LR',
        'paramwise_cfg needs optimizer.lr to compute per-parameter learning rates',
      );
    }
    return this.baseLr;
  }

  /** Builds the optimizer (through OPTIMIZERS) and its wrapper (through OPTIM_WRAPPERS) for `model`. */
  build(model: ParamModule): OptimWrapper {
    const target = (model as { module?: unknown }).module;
    const root = isModule(target) ? target : model;
    if (!isModule(root)) {
      throw new TypeError(
        'DefaultOptimWrapperConstructor.build: model should have namedParameters() and namedChildren() (an @eng/model BaseModule)',
      );
    }
    const wrapperCfg: Record<string, unknown> = { type: 'OptimWrapper', ...this.optimWrapperCfg };
    const optimizerCfg: Record<string, unknown> = { ...this.optimizerCfg };
    if (Object.keys(this.paramwiseCfg).length === 0) {
      optimizerCfg.params = [...root.namedParameters()].map(([, p]) => p);
    } else {
      const params: ParamGroupSpec[] = [];
      this.addParams(params, root);
      optimizerCfg.params = params;
    }
    // The optimizer's own config path, under wherever the caller built this wrapper (`optim_wrapper.optimizer`).
    const optimizer = withConfigPath('optimizer', () => OPTIMIZERS.build(optimizerCfg));
    return OPTIM_WRAPPERS.build(wrapperCfg, { optimizer });
  }
}
