/** @packageDocumentation Picks the fastest TensorFlow.js backend, fills its missing training kernels, seeds it, and reads/writes safetensors. */
export type { DataType, NamedTensorMap, Rank, Scalar, Tensor, Variable } from './tf';
/**
 * The one TensorFlow.js instance of the process (the `@tensorflow/tfjs` namespace): every `@eng/*` package imports
 * tensors from here. Its API is documented by TensorFlow.js itself: https://js.tensorflow.org/api/latest/
 */
export { tf } from './tf';
export { BackendError, type BackendErrorCode } from './backend/backend-error';
export {
  type BackendAttempt,
  type BackendChoice,
  type InitBackendOptions,
  initBackend,
  type LogFn,
  type LogLevelName,
  lastBackendChoice,
} from './backend/init-backend';
export { DEFAULT_BACKEND_ORDER, NATIVE_BACKEND_PACKAGES } from './backend/detect';
export { configureWasmForNode } from './backend/wasm-node';
export {
  fastWasmKernelsEnabled,
  registerWasmTrainingKernels,
  useFastWasmKernels,
  WASM_TRAINING_KERNELS,
} from './kernels/wasm/register';
export {
  getRandomSeed,
  getRandomState,
  isDeterministic,
  nextSeed,
  random,
  randomInt,
  type RandomState,
  restoreMathRandom,
  type SetRandomSeedOptions,
  setRandomSeed,
  setRandomState,
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
export { type DeviceInfo, deviceInfo, formatDeviceInfo } from './device-info';
export { DTYPE_SIZE as SAFETENSORS_DTYPE_SIZE, type SafetensorsDtype } from './safetensors/dtypes';
export {
  MAX_HEADER_BYTES as SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './safetensors/header';
export { SafetensorsError, type SafetensorsErrorCode } from './safetensors/safetensors-error';
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
