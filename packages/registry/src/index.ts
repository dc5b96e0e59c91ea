/** @packageDocumentation MMEngine-style registries: a process-wide, scoped tree of named classes that builds objects from configs. */
export { buildFromCfg, withConfigPath } from './build-from-cfg';
export { DefaultScope } from './default-scope';
export { BuildError, RegistryError, type RegistryErrorCode, type RegistryErrorDetails } from './errors';
export { FALLBACK_SCOPE } from './infer-scope';
export { getRegistryLogger, setRegistryLogger } from './logger';
export { type InstanceArgs, ManagerMixin } from './manager-mixin';
export { type LooseConfig, Registry, type RegistryLocation, type RegistryOptions } from './registry';
export {
  DATA_SAMPLERS,
  DATASETS,
  EVALUATOR,
  FUNCTIONS,
  HOOKS,
  INFERENCERS,
  LOG_PROCESSORS,
  LOOPS,
  METRICS,
  MODEL_WRAPPERS,
  MODELS,
  OPTIM_WRAPPER_CONSTRUCTORS,
  OPTIM_WRAPPERS,
  OPTIMIZERS,
  PARAM_SCHEDULERS,
  ROOT_REGISTRY_NAMES,
  ROOT_SCOPE,
  type RootBuilt,
  type RootRegistry,
  type RootRegistryBuilds,
  type RootRegistryName,
  RUNNER_CONSTRUCTORS,
  RUNNERS,
  rootRegistries,
  TASK_UTILS,
  TRANSFORMS,
  VISBACKENDS,
  VISUALIZERS,
  WEIGHT_INITIALIZERS,
} from './root';
export type { StandardSchemaV1 } from './standard-schema';
export type {
  BuildFunc,
  BuiltOf,
  ConfigMeta,
  OptionsOf,
  RegisterDecorator,
  RegisterOptions,
  Registrable,
  RegistryLogger,
  TypedConfig,
} from './types';
export { importAllLocations } from './import-all-locations';
export { initDefaultScope } from './init-default-scope';
export {
  countRegisteredModules,
  type RegisteredModulesReport,
  type RegistryTreeNode,
  traverseRegistryTree,
} from './registry-tree';
