// What a run's log should say about where it computes: MMEngine logs the CUDA device and its memory; we log the
// TensorFlow.js backend, its threads and SIMD, and the tensors alive.
import { availableParallelism } from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';

export interface DeviceInfo {
  /** The backend in use: 'wasm', 'cpu', 'tensorflow' (tfjs-node), 'webgl', … */
  backend: string;
  /** Threads computing: XNNPACK's pool for WASM, 1 for the pure-JS CPU backend, the cores for native TensorFlow. */
  threads: number;
  /** Whether WASM SIMD is in use (undefined for backends where it does not apply). */
  simd: boolean | undefined;
  /** Whether the platform could run multi-threaded WASM (TensorFlow.js says no in Node). */
  wasmMultithreadSupported: boolean | undefined;
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
  tfjsVersion: string;
  platform: 'node' | 'browser' | 'other';
}

function flag(name: string): boolean | undefined {
  try {
    // Flags such as WASM_HAS_SIMD_SUPPORT are evaluated asynchronously; read them only once they are known.
    const env = tf.env() as unknown as { flags: Record<string, unknown> };
    const value = env.flags[name];
    return typeof value === 'boolean' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A snapshot of the backend and memory in use, for logs. */
export function deviceInfo(): DeviceInfo {
  const backend = tf.getBackend();
  const memory = tf.memory();
  let threads = 1;
  if (backend === 'wasm') threads = getThreadsCount();
  else if (backend === 'tensorflow') threads = availableParallelism();
  const isNode = tf.env().getBool('IS_NODE');
  return {
    backend,
    threads,
    simd: backend === 'wasm' ? flag('WASM_HAS_SIMD_SUPPORT') : undefined,
    wasmMultithreadSupported: flag('WASM_HAS_MULTITHREAD_SUPPORT'),
    numTensors: memory.numTensors,
    numBytes: memory.numBytes,
    numDataBuffers: memory.numDataBuffers,
    tfjsVersion: tf.version_core,
    platform: isNode ? 'node' : tf.env().getBool('IS_BROWSER') ? 'browser' : 'other',
  };
}

/** One log line: `backend wasm (1 thread, SIMD) · 42 tensors, 1.2 MB`. */
export function formatDeviceInfo(info: DeviceInfo = deviceInfo()): string {
  const parts = [`${info.threads} thread${info.threads === 1 ? '' : 's'}`];
  if (info.simd !== undefined) parts.push(info.simd ? 'SIMD' : 'no SIMD');
  const mb = (info.numBytes / 1024 / 1024).toFixed(1);
  return `backend ${info.backend} (${parts.join(', ')}) · ${info.numTensors} tensors, ${mb} MB`;
}
