// Our WebAssembly SIMD kernels (kernels.wat), instantiated once per WASM backend on that backend's own memory, so
// they read and write tensors where the backend keeps them. Undefined where they cannot run: no SIMD in this
// engine, or a shared (multi-threaded) heap our module does not declare; the callers then use the stock kernels.
import type { WasmBackend } from '../wasm-backend';
import { WASM_BASE64 } from './kernels.wasm';

export interface SimdKernels {
  sum_rows(x: number, out: number, rows: number, cols: number): void;
  binary_rows(x: number, b: number, out: number, rows: number, cols: number, op: number): void;
  relu_grad(dy: number, x: number, out: number, n: number): void;
  max_pool_grad(x: number, dy: number, dx: number, geometry: number): void;
  max_pool_grad_2x2(x: number, dy: number, dx: number, windowRows: number, outWidth: number, channels: number): void;
  gemm(a: number, b: number, c: number, geometry: number): void;
  conv2d(x: number, filter: number, out: number, geometry: number): void;
  conv_filter_grad(x: number, dy: number, dw: number, geometry: number): void;
}

export interface SimdContext {
  kernels: SimdKernels;
  /** Writes small integer arguments (a kernel's geometry) to a scratch block in the heap; returns its offset. */
  ints(values: readonly number[]): number;
}

const SCRATCH_INTS = 32;
let compiled: WebAssembly.Module | null | undefined;
const contexts = new WeakMap<object, SimdContext | null>();

interface V8Flags {
  setFlagsFromString(flags: string): void;
}

/**
 * V8 compiles WebAssembly with its baseline compiler first and re-compiles hot functions with the optimizing one
 * later; a kernel call already running stays on the slow code (there is no on-stack replacement for WebAssembly),
 * so the first training steps would run our kernels at about half speed. In Node we compile this one module with
 * the optimizing compiler straight away (it is small) and put V8's default back at once.
 */
function compileOptimized(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = nodeProcess?.getBuiltinModule?.('node:v8') as V8Flags | undefined;
  if (v8 === undefined) return new WebAssembly.Module(bytes);
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    v8.setFlagsFromString('--wasm-dynamic-tiering');
  }
}

function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = compileOptimized(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

function instantiate(backend: WasmBackend): SimdContext | null {
  const memory = backend.wasm?.asm?.memory;
  const module = compile();
  if (module === null || !(memory instanceof WebAssembly.Memory)) return null;
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  let kernels: SimdKernels;
  try {
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
  } catch {
    return null;
  }
  const scratch = backend.wasm._malloc(SCRATCH_INTS * 4);
  return {
    kernels,
    ints(values) {
      if (values.length > SCRATCH_INTS) throw new Error(`at most ${SCRATCH_INTS} kernel arguments`);
      // a fresh view each call: the heap may have grown (and its buffer changed) since the last one
      new Int32Array(memory.buffer, scratch, values.length).set(values);
      return scratch;
    },
  };
}

/** The SIMD kernels bound to this backend's heap, or undefined where they cannot run. */
export function simdFor(backend: WasmBackend): SimdContext | undefined {
  let context = contexts.get(backend);
  if (context === undefined) {
    context = instantiate(backend);
    contexts.set(backend, context);
  }
  return context ?? undefined;
}
