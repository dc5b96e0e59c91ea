// Whether our faster WASM kernels are on (the default). Kept on the global object so that every copy of this
// package (ESM and CJS builds) agrees; set through useFastWasmKernels in register.ts.
const FAST_KEY = Symbol.for('eng.tensor-gpu.fast-kernels');
const flags = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Whether the kernels of kind `faster` are in use (the default); see `useFastWasmKernels`. */
export function fastWasmKernelsEnabled(): boolean {
  return flags[FAST_KEY] !== false;
}

export function setFastWasmKernelsFlag(enabled: boolean): void {
  flags[FAST_KEY] = enabled;
}
