/** @packageDocumentation Picks the fastest TensorFlow.js backend, fills its missing training kernels, seeds it, and reads/writes safetensors. */
export * from './tf';
export {
  type BackendAttempt,
  type BackendChoice,
  BackendError,
  type InitBackendOptions,
  initBackend,
  lastBackendChoice,
} from './backend/init';
export { DEFAULT_BACKEND_ORDER, NATIVE_BACKEND_PACKAGES, resolvePackage } from './backend/detect';
export { configureWasmForNode, wasmBinaryDir } from './backend/wasm-node';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './kernels/wasm/register';
export {
  getRandomSeed,
  isDeterministic,
  nextSeed,
  random,
  randomInt,
  restoreMathRandom,
  type SetRandomSeedOptions,
  setRandomSeed,
  shuffle,
} from './random';
export {
  collectTensors,
  type DisposeAllOptions,
  disposeAll,
  measureTensorDelta,
  tidyStep,
  withTensorScope,
} from './memory';
export type { LogFn, LogLevelName } from './log';
export { type DeviceInfo, deviceInfo, formatDeviceInfo } from './device-info';
export {
  DTYPE_SIZE as SAFETENSORS_DTYPE_SIZE,
  halfToFloat,
  type SafetensorsDtype,
} from './safetensors/dtypes';
export {
  MAX_HEADER_BYTES as SAFETENSORS_MAX_HEADER_BYTES,
  SafetensorsError,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './safetensors/header';
export {
  type LoadedSafetensors,
  type NameFilter,
  parseSafetensors,
  readSafetensors,
  readSafetensorsHeader,
  SafetensorsFile,
} from './safetensors/reader';
export {
  serializeSafetensors,
  type TensorSource,
  type WriteSafetensorsOptions,
  writeSafetensors,
} from './safetensors/writer';
