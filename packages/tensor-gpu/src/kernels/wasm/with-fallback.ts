// The one way our replacement kernels wrap the backend's own: try the fast route, and where it does not apply
// (undefined) run the stock kernel, whose setup step (binding its WASM function when the backend starts) is kept.
import type { tf } from '../../tf';
import type { Attrs, TensorInfo, WasmBackend } from './wasm-backend';

export interface KernelArgs<I extends Record<string, TensorInfo>> {
  inputs: I;
  backend: WasmBackend;
  attrs: Attrs;
}

export function withFallback<I extends Record<string, TensorInfo>>(
  kernelName: string,
  fallback: tf.KernelConfig | undefined,
  fast: (args: KernelArgs<I>) => TensorInfo | TensorInfo[] | undefined,
): tf.KernelConfig {
  if (fallback === undefined) throw new Error(`Kernel '${kernelName}' is not registered for backend 'wasm'`);
  const kernelFunc = (args: KernelArgs<I>) => fast(args) ?? fallback.kernelFunc(args as never);
  const config: tf.KernelConfig = {
    kernelName,
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
  if (fallback.setupFunc !== undefined) config.setupFunc = fallback.setupFunc;
  return config;
}
