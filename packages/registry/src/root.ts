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
export const RUNNERS: Registry = rootRegistry('RUNNERS');
/** Runner constructors. */
export const RUNNER_CONSTRUCTORS: Registry = rootRegistry('RUNNER_CONSTRUCTORS');
/** Training, validation and test loops (EpochBasedTrainLoop...). */
export const LOOPS: Registry = rootRegistry('LOOPS');
/** Hooks (CheckpointHook, ParamSchedulerHook...). */
export const HOOKS: Registry = rootRegistry('HOOKS');
/** Datasets. */
export const DATASETS: Registry = rootRegistry('DATASETS');
/** Samplers of data loaders. */
export const DATA_SAMPLERS: Registry = rootRegistry('DATA_SAMPLERS');
/** Data transforms (Resize...). */
export const TRANSFORMS: Registry = rootRegistry('TRANSFORMS');
/** Models and their layers. */
export const MODELS: Registry = rootRegistry('MODELS');
/** Model wrappers. */
export const MODEL_WRAPPERS: Registry = rootRegistry('MODEL_WRAPPERS');
/** Weight initializers. */
export const WEIGHT_INITIALIZERS: Registry = rootRegistry('WEIGHT_INITIALIZERS');
/** Optimizers. */
export const OPTIMIZERS: Registry = rootRegistry('OPTIMIZERS');
/** Optimizer wrappers (OptimWrapper...). */
export const OPTIM_WRAPPERS: Registry = rootRegistry('OPTIM_WRAPPERS');
/** Optimizer wrapper constructors. */
export const OPTIM_WRAPPER_CONSTRUCTORS: Registry = rootRegistry('OPTIM_WRAPPER_CONSTRUCTORS');
/** Parameter schedulers (MultiStepLR...). */
export const PARAM_SCHEDULERS: Registry = rootRegistry('PARAM_SCHEDULERS');
/** Evaluation metrics. */
export const METRICS: Registry = rootRegistry('METRICS');
/** Evaluators. */
export const EVALUATOR: Registry = rootRegistry('EVALUATOR');
/** Task-specific components (anchor generators, box coders...). */
export const TASK_UTILS: Registry = rootRegistry('TASK_UTILS');
/** Visualizers. */
export const VISUALIZERS: Registry = rootRegistry('VISUALIZERS');
/** Visualization backends. */
export const VISBACKENDS: Registry = rootRegistry('VISBACKENDS');
/** Log processors. */
export const LOG_PROCESSORS: Registry = rootRegistry('LOG_PROCESSORS');
/** Inferencers. */
export const INFERENCERS: Registry = rootRegistry('INFERENCERS');
/** Functions (collate functions...). */
export const FUNCTIONS: Registry = rootRegistry('FUNCTIONS');
