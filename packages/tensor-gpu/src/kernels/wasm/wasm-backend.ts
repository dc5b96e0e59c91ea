// The slice of the WASM backend's internals our kernels use: its heap, tensor allocation, and its own kernels
// (called directly, as the backend's kernels call each other, so intermediate results never leave the WASM heap).
import { tf } from '../../tf';

export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

export interface WasmBackend {
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  /** The Emscripten module: its exports (`asm`, with the heap's `memory`) and its allocator. */
  wasm: { asm: { memory?: WebAssembly.Memory }; _malloc(bytes: number): number };
}

export type Attrs = Record<string, unknown>;

/** Runs one of the WASM backend's own kernels on tensors already in its heap. */
export function runWasmKernel(
  backend: WasmBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Attrs = {},
): TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) throw new Error(`Kernel '${kernelName}' not registered for backend 'wasm'`);
  return kernel.kernelFunc({ inputs, backend, attrs } as never) as unknown as TensorInfo;
}

/** A float32 view of a tensor's data in the WASM heap. Take it after the last allocation: the heap may grow. */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function free(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A reshape in the WASM backend shares the data (no copy); the result must still be freed. */
export function reshape(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel(backend, 'Reshape', { x }, { shape });
}

export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

export function matMul(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA = false,
  transposeB = false,
): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA, transposeB });
}

/** The byte offset of a tensor's data in the WASM heap. */
export function heapOffset(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('tensor data is not in the WASM backend');
  return data.memoryOffset;
}

/** The same data under another shape, sharing the buffer (the output holds a reference of its own). */
export function shareData(backend: WasmBackend, x: TensorInfo, shape: number[] = x.shape): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}
