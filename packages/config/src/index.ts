/** @packageDocumentation MMEngine-style configs: inheritance through _base_, references, overrides, and dumps in TS, JSON and YAML. */
export {
  type CommandIO,
  describeArgsError,
  PRINT_CONFIG_USAGE,
  printConfigCommand,
  processIO,
  takeCfgOptions,
} from './cli';
export { Config, type ConfigOptions, type FromFileOptions, type FromStringOptions, RESERVED_KEYS } from './config';
export { importCustomModules } from './custom-imports';
export {
  type ConfigContext,
  type DataLoaderCfg,
  defineConfig,
  ENG_CONFIG_KEYS,
  type EngConfig,
  type EngConfigKey,
  type LoopCfg,
  type OptimWrapperCfg,
  type TypedCfg,
} from './define-config';
export { parseCfgOptions } from './dict-action';
export {
  ConfigError,
  type ConfigErrorCode,
  type ConfigErrorDetails,
  ConfigParseError,
  ConfigTypeError,
  isConfigError,
} from './errors';
export { CONFIG_EXTENSIONS, type ConfigExtension } from './load';
export {
  type EngPackage,
  type EngPackageManifest,
  findEngPackage,
  isInside,
  type PackageConfig,
  resolvePackageConfig,
  splitPackagePath,
} from './package-configs';
