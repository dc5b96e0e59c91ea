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
  [key: string]: unknown;
}

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
