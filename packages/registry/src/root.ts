import { state } from './global-state';
import { Registry } from './registry';

/** MMEngine's 22 root registries: the exported constant name and the registry name, all in scope `eng`. */
export const ROOT_REGISTRY_NAMES = {
  RUNNERS: 'runner',
  RUNNER_CONSTRUCTORS: 'runner constructor',
  LOOPS: 'loop',
  HOOKS: 'hook',
  DATASETS: 'dataset',
  DATA_SAMPLERS: 'data sampler',
  TRANSFORMS: 'transform',
  MODELS: 'model',
  MODEL_WRAPPERS: 'model_wrapper',
  WEIGHT_INITIALIZERS: 'weight initializer',
  OPTIMIZERS: 'optimizer',
  OPTIM_WRAPPERS: 'optim_wrapper',
  OPTIM_WRAPPER_CONSTRUCTORS: 'optimizer wrapper constructor',
  PARAM_SCHEDULERS: 'parameter scheduler',
  METRICS: 'metric',
  EVALUATOR: 'evaluator',
  TASK_UTILS: 'task util',
  VISUALIZERS: 'visualizer',
  VISBACKENDS: 'vis_backend',
  LOG_PROCESSORS: 'log_processor',
  INFERENCERS: 'inferencer',
  FUNCTIONS: 'function',
} as const;

export type RootRegistryName = keyof typeof ROOT_REGISTRY_NAMES;

/**
 * What each root registry builds, filled in by the packages that own the base classes through declaration merging:
 *
 * ```ts
 * declare module '@eng/registry' {
 *   interface RootRegistryBuilds {
 *     MODELS: BaseModule;
 *   }
 * }
 * ```
 *
 * With that in a package's types, `MODELS.build(cfg)` is a `BaseModule` without a cast wherever the package is
 * imported. A root registry no package has filled in builds `unknown`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging in other packages.
export interface RootRegistryBuilds {}

/** What root registry `K` builds: its entry of {@link RootRegistryBuilds}, else `unknown`. */
export type RootBuilt<K extends RootRegistryName> = K extends keyof RootRegistryBuilds
  ? RootRegistryBuilds[K]
  : unknown;

/** The type of root registry `K`. */
export type RootRegistry<K extends RootRegistryName> = Registry<Record<never, never>, RootBuilt<K>>;

/** The scope of the root registries, MMEngine's `mmengine`. */
export const ROOT_SCOPE = 'eng';

/** The process-wide root registry `constName`, created by whichever copy of the package asks first. */
export function rootRegistry(constName: RootRegistryName): Registry {
  const existing = state.roots.get(constName);
  if (existing instanceof Registry) return existing;
  const registry = new Registry(ROOT_REGISTRY_NAMES[constName], { scope: ROOT_SCOPE });
  state.roots.set(constName, registry);
  return registry;
}

/** All 22 root registries by constant name, in MMEngine's order. */
export function rootRegistries(): Map<RootRegistryName, Registry> {
  const all = new Map<RootRegistryName, Registry>();
  for (const constName of Object.keys(ROOT_REGISTRY_NAMES) as RootRegistryName[]) {
    all.set(constName, rootRegistry(constName));
  }
  return all;
}

/** Runners. */
export const RUNNERS: RootRegistry<'RUNNERS'> = rootRegistry('RUNNERS');
/** Runner constructors. */
export const RUNNER_CONSTRUCTORS: RootRegistry<'RUNNER_CONSTRUCTORS'> = rootRegistry('RUNNER_CONSTRUCTORS');
/** Training, validation and test loops (EpochBasedTrainLoop...). */
export const LOOPS: RootRegistry<'LOOPS'> = rootRegistry('LOOPS');
/** Hooks (CheckpointHook, ParamSchedulerHook...). */
export const HOOKS: RootRegistry<'HOOKS'> = rootRegistry('HOOKS');
/** Datasets. */
export const DATASETS: RootRegistry<'DATASETS'> = rootRegistry('DATASETS');
/** Samplers of data loaders. */
export const DATA_SAMPLERS: RootRegistry<'DATA_SAMPLERS'> = rootRegistry('DATA_SAMPLERS');
/** Data transforms (Resize...). */
export const TRANSFORMS: RootRegistry<'TRANSFORMS'> = rootRegistry('TRANSFORMS');
/** Models and their layers. */
export const MODELS: RootRegistry<'MODELS'> = rootRegistry('MODELS');
/** Model wrappers. */
export const MODEL_WRAPPERS: RootRegistry<'MODEL_WRAPPERS'> = rootRegistry('MODEL_WRAPPERS');
/** Weight initializers. */
export const WEIGHT_INITIALIZERS: RootRegistry<'WEIGHT_INITIALIZERS'> = rootRegistry('WEIGHT_INITIALIZERS');
/** Optimizers. */
export const OPTIMIZERS: RootRegistry<'OPTIMIZERS'> = rootRegistry('OPTIMIZERS');
/** Optimizer wrappers (OptimWrapper...). */
export const OPTIM_WRAPPERS: RootRegistry<'OPTIM_WRAPPERS'> = rootRegistry('OPTIM_WRAPPERS');
/** Optimizer wrapper constructors. */
export const OPTIM_WRAPPER_CONSTRUCTORS: RootRegistry<'OPTIM_WRAPPER_CONSTRUCTORS'> =
  rootRegistry('OPTIM_WRAPPER_CONSTRUCTORS');
/** Parameter schedulers (MultiStepLR...). */
export const PARAM_SCHEDULERS: RootRegistry<'PARAM_SCHEDULERS'> = rootRegistry('PARAM_SCHEDULERS');
/** Evaluation metrics. */
export const METRICS: RootRegistry<'METRICS'> = rootRegistry('METRICS');
/** Evaluators. */
export const EVALUATOR: RootRegistry<'EVALUATOR'> = rootRegistry('EVALUATOR');
/** Task-specific components (anchor generators, box coders...). */
export const TASK_UTILS: RootRegistry<'TASK_UTILS'> = rootRegistry('TASK_UTILS');
/** Visualizers. */
export const VISUALIZERS: RootRegistry<'VISUALIZERS'> = rootRegistry('VISUALIZERS');
/** Visualization backends. */
export const VISBACKENDS: RootRegistry<'VISBACKENDS'> = rootRegistry('VISBACKENDS');
/** Log processors. */
export const LOG_PROCESSORS: RootRegistry<'LOG_PROCESSORS'> = rootRegistry('LOG_PROCESSORS');
/** Inferencers. */
export const INFERENCERS: RootRegistry<'INFERENCERS'> = rootRegistry('INFERENCERS');
/** Functions (collate functions...). */
export const FUNCTIONS: RootRegistry<'FUNCTIONS'> = rootRegistry('FUNCTIONS');
