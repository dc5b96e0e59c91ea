import type { Config } from '@eng/config';
import type { Hook } from '../hooks/hook';
import type { PriorityLike } from '../hooks/priority';

/** A config of a part: `{ type: 'Name', ...options }` (the registry's default type when `type` is left out). */
export type PartConfig = Record<string, unknown>;

/** `train_cfg`: MMEngine's two shorthands, or a loop of its own. */
export type TrainCfg =
  | {
      by_epoch?: true;
      max_epochs: number;
      val_begin?: number;
      val_interval?: number;
      dynamic_intervals?: Array<[number, number]>;
    }
  | {
      by_epoch: false;
      max_iters: number;
      val_begin?: number;
      val_interval?: number;
      dynamic_intervals?: Array<[number, number]>;
    }
  | ({ type: string | Function } & PartConfig);

/** `randomness`: MMEngine's keys. A `null` seed draws one (and logs it). */
export interface RandomnessCfg {
  seed?: number | null;
  deterministic?: boolean;
  diff_rank_seed?: boolean;
}

/** `env_cfg`: the backend preference and what to do on a non-finite loss; MMEngine's CUDA keys are accepted and ignored. */
export interface EnvCfg {
  /** Backends to try in order (`initBackend`'s `prefer`), e.g. `['wasm', 'cpu']`. */
  backend?: string | string[];
  /** WASM threads; default: the backend's own (1 when deterministic). */
  threads?: number;
  /** A loss that is NaN or infinite: `'warn'` (the default) logs it with the iteration, `'stop'` ends the run. */
  nan_loss?: 'warn' | 'stop' | 'ignore';
  /** `false` skips the curves and `index.html` drawn into `vis_data` at the end of training (`eng plot` draws them). */
  plot_curves?: boolean;
  cudnn_benchmark?: boolean;
  mp_cfg?: Record<string, unknown>;
  dist_cfg?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A hook in `default_hooks` / `custom_hooks`: an instance or a config, optionally with its `priority`. */
export type HookSpec = Hook | (PartConfig & { priority?: PriorityLike });

/**
 * The Runner's options: MMEngine's keyword arguments under their config names. Every part may be an object already
 * built or its config; the train, val and test parts are built when `train()`, `val()` or `test()` needs them.
 */
export interface RunnerOptions {
  model: object;
  work_dir: string;
  train_dataloader?: object | null;
  val_dataloader?: object | null;
  test_dataloader?: object | null;
  train_cfg?: TrainCfg | null;
  val_cfg?: PartConfig | null;
  test_cfg?: PartConfig | null;
  auto_scale_lr?: { enable?: boolean; base_batch_size: number } | null;
  optim_wrapper?: object | null;
  param_scheduler?: object | object[] | Record<string, object[]> | null;
  val_evaluator?: object | object[] | null;
  test_evaluator?: object | object[] | null;
  default_hooks?: Record<string, HookSpec | null> | null;
  custom_hooks?: HookSpec[] | null;
  data_preprocessor?: PartConfig | null;
  load_from?: string | null;
  /** `true` resumes from the newest checkpoint of the work dir (its `last_checkpoint`); a path resumes from it. */
  resume?: boolean | string | null;
  launcher?: 'none' | 'mpi' | 'pytorch' | 'slurm';
  env_cfg?: EnvCfg | null;
  log_processor?: PartConfig | null;
  log_level?: string;
  visualizer?: object | null;
  default_scope?: string | null;
  randomness?: RandomnessCfg | null;
  experiment_name?: string | null;
  cfg?: Config | Record<string, unknown> | null;
}

/** The keys `Runner.fromCfg` reads from a config (the rest are the config's own variables). */
export const RUNNER_KEYS = [
  'model',
  'work_dir',
  'train_dataloader',
  'val_dataloader',
  'test_dataloader',
  'train_cfg',
  'val_cfg',
  'test_cfg',
  'auto_scale_lr',
  'optim_wrapper',
  'param_scheduler',
  'val_evaluator',
  'test_evaluator',
  'default_hooks',
  'custom_hooks',
  'data_preprocessor',
  'load_from',
  'resume',
  'launcher',
  'env_cfg',
  'log_processor',
  'log_level',
  'visualizer',
  'default_scope',
  'randomness',
  'experiment_name',
] as const satisfies ReadonlyArray<keyof RunnerOptions>;

/** Top-level keys MMEngine configs commonly carry besides the Runner's own: never reported as misspellings. */
export const KNOWN_CONFIG_KEYS = new Set([
  'custom_imports',
  'runner_type',
  'model_wrapper_cfg',
  'compile',
  'activation_checkpointing',
  'efficient_conv_bn_eval',
  'tta_model',
  'tta_pipeline',
  'train_pipeline',
  'test_pipeline',
  'val_pipeline',
  'dataset_type',
  'data_root',
  'metainfo',
  'backend_args',
  'file_client_args',
  'log_config',
  'dist_params',
  'workflow',
  'gpu_ids',
  'cfg',
]);
