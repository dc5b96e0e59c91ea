// `defineConfig`: editor completion for the keys MMEngine's configs use, while any other key is allowed.

/** A config dict that builds something from a registry. */
export interface TypedCfg {
  /** registry name ('SGD', 'mmdet.FasterRCNN') or, in a TS config, the class itself */
  type?: string | (abstract new (...args: any[]) => unknown) | ((...args: any[]) => unknown);
  _scope_?: string;
  /** replace the dict of the base config instead of merging into it */
  _delete_?: boolean;
  [key: string]: unknown;
}

export interface DataLoaderCfg {
  batch_size?: number;
  num_workers?: number;
  persistent_workers?: boolean;
  drop_last?: boolean;
  pin_memory?: boolean;
  sampler?: TypedCfg;
  batch_sampler?: TypedCfg | null;
  collate_fn?: TypedCfg;
  dataset?: TypedCfg;
  _delete_?: boolean;
  [key: string]: unknown;
}

export interface LoopCfg extends TypedCfg {
  by_epoch?: boolean;
  max_epochs?: number;
  max_iters?: number;
  val_interval?: number;
  val_begin?: number;
  fp16?: boolean;
}

export interface OptimWrapperCfg extends TypedCfg {
  optimizer?: TypedCfg;
  /**
   * name of the optimizer wrapper constructor (MMEngine's `optim_wrapper.constructor`). `Function` is only
   * there because TypeScript sees every object literal's inherited `constructor` when it checks this key.
   */
  constructor?: string | Function;
  paramwise_cfg?: Record<string, unknown>;
  clip_grad?: Record<string, unknown> | null;
  accumulative_counts?: number;
}

export interface EngConfig {
  _base_?: string | string[];
  model?: TypedCfg;
  train_dataloader?: DataLoaderCfg;
  val_dataloader?: DataLoaderCfg;
  test_dataloader?: DataLoaderCfg;
  train_cfg?: LoopCfg;
  val_cfg?: LoopCfg;
  test_cfg?: LoopCfg;
  optim_wrapper?: OptimWrapperCfg;
  param_scheduler?: TypedCfg | TypedCfg[];
  val_evaluator?: TypedCfg | TypedCfg[];
  test_evaluator?: TypedCfg | TypedCfg[];
  default_hooks?: Record<string, TypedCfg | null>;
  custom_hooks?: TypedCfg[];
  env_cfg?: {
    cudnn_benchmark?: boolean;
    mp_cfg?: Record<string, unknown>;
    dist_cfg?: Record<string, unknown>;
    [key: string]: unknown;
  };
  log_processor?: TypedCfg & { window_size?: number; by_epoch?: boolean };
  visualizer?: TypedCfg & { vis_backends?: TypedCfg[]; name?: string };
  default_scope?: string;
  load_from?: string | null;
  resume?: boolean | string;
  work_dir?: string;
  randomness?: { seed?: number | null; deterministic?: boolean; diff_rank_seed?: boolean };
  launcher?: 'none' | 'pytorch' | 'slurm' | 'mpi' | (string & {});
  log_level?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL' | (string & {});
  custom_imports?: { imports: string | string[]; allow_failed_imports?: boolean };
  auto_scale_lr?: { enable?: boolean; base_batch_size?: number };
  experiment_name?: string;
  /** the model's data preprocessor, when it is not given inside `model` */
  data_preprocessor?: TypedCfg;
  /** how the model is wrapped for distributed training (MMEngine's `model_wrapper_cfg`) */
  model_wrapper_cfg?: TypedCfg;
  [key: string]: unknown;
}

/** The named keys of a type, without its index signature. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** A top-level key that {@link EngConfig} names (the keys the runner reads, and `_base_`). */
export type EngConfigKey = NamedKeys<EngConfig>;

// one entry per named key of EngConfig: a key missing here, or one EngConfig lacks, does not compile
const KNOWN_KEYS: { readonly [K in EngConfigKey]-?: true } = {
  _base_: true,
  model: true,
  train_dataloader: true,
  val_dataloader: true,
  test_dataloader: true,
  train_cfg: true,
  val_cfg: true,
  test_cfg: true,
  optim_wrapper: true,
  param_scheduler: true,
  val_evaluator: true,
  test_evaluator: true,
  default_hooks: true,
  custom_hooks: true,
  env_cfg: true,
  log_processor: true,
  visualizer: true,
  default_scope: true,
  load_from: true,
  resume: true,
  work_dir: true,
  randomness: true,
  launcher: true,
  log_level: true,
  custom_imports: true,
  auto_scale_lr: true,
  experiment_name: true,
  data_preprocessor: true,
  model_wrapper_cfg: true,
};

/**
 * The top-level keys {@link EngConfig} (so `defineConfig`) knows, at run time: the one list that the config's
 * near-miss warning and the runner read.
 *
 * @example
 * ENG_CONFIG_KEYS.includes('train_cfg'); // true
 */
export const ENG_CONFIG_KEYS: readonly EngConfigKey[] = Object.freeze(Object.keys(KNOWN_KEYS) as EngConfigKey[]);

/** What a config module whose default export is a function receives. */
export interface ConfigContext {
  /** the merged `_base_` configs, read-only */
  base: Readonly<Record<string, any>>;
  fileDirname: string;
  fileBasename: string;
  fileBasenameNoExtension: string;
  fileExtname: string;
}

/**
 * Identity helper that types a config module's default export.
 *
 * @example
 * // configs/resnet50.ts
 * import { defineConfig } from '@eng/config';
 * export const _base_ = ['./optimizer.ts'];
 * export default defineConfig(({ base }) => ({ model: { type: 'ResNet', depth: 50 }, lr: base.optimizer.lr }));
 */
export function defineConfig<T extends EngConfig>(config: T): T;
export function defineConfig<T extends EngConfig>(
  config: (context: ConfigContext) => T | Promise<T>,
): (context: ConfigContext) => T | Promise<T>;
export function defineConfig(config: unknown): unknown {
  return config;
}
