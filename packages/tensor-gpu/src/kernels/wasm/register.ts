// Registers the training kernels this package adds to or replaces in the WASM backend. Idempotent; safe before or
// after the backend starts (none of our kernels needs a setup function).
import { tf } from '../../tf';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2DBackpropFilterConfig, conv2DBackpropInputConfig } from './conv2d-backprop';
import { depthwiseConv2dBackpropFilterConfig, depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop';
import { maxPoolGradConfig } from './pool-grad';
import { fastWasmKernelsEnabled, setFastWasmKernelsFlag } from './fast-kernels-switch';
import { conv2DConfig } from './conv2d';
import { castConfig, identityConfig } from './identity';
import { addConfig, multiplyConfig, subConfig } from './broadcast-binary';
import { meanConfig, sumConfig } from './reduce';
import { installReluGradient, RELU_GRAD_KERNEL, reluGradKernelConfig } from './relu-grad';
import { tileConfig } from './tile';

export { fastWasmKernelsEnabled };
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

// A mark on the kernel configs we register with TensorFlow.js (plain objects in its kernel table, not classes), so
// that any copy of this package (ESM or CJS build) sees the kernels are already ours and does not stack them.
const OURS = Symbol.for('eng.tensor-gpu.kernel');

interface KernelEntry {
  name: string;
  /** `missing`: WASM has none; `faster`: WASM's own is a plain loop we replace (keeping it as a fallback). */
  kind: 'missing' | 'faster';
  make(existing: tf.KernelConfig | undefined): tf.KernelConfig;
}

const ENTRIES: KernelEntry[] = [
  { name: 'Conv2DBackpropFilter', kind: 'missing', make: () => conv2DBackpropFilterConfig },
  { name: 'DepthwiseConv2dNativeBackpropFilter', kind: 'missing', make: () => depthwiseConv2dBackpropFilterConfig },
  { name: 'DepthwiseConv2dNativeBackpropInput', kind: 'missing', make: () => depthwiseConv2dBackpropInputConfig },
  { name: 'UnsortedSegmentSum', kind: 'missing', make: () => unsortedSegmentSumConfig },
  { name: 'Conv2DBackpropInput', kind: 'faster', make: (existing) => conv2DBackpropInputConfig(existing) },
  { name: 'MaxPoolGrad', kind: 'faster', make: () => maxPoolGradConfig },
  { name: 'Tile', kind: 'faster', make: () => tileConfig },
  { name: 'BatchMatMul', kind: 'faster', make: (existing) => batchMatMulConfig(existing) },
  { name: 'Conv2D', kind: 'faster', make: (existing) => conv2DConfig(existing) },
  { name: 'Identity', kind: 'faster', make: (existing) => identityConfig(existing) },
  { name: 'Cast', kind: 'faster', make: (existing) => castConfig(existing) },
  { name: 'Sum', kind: 'faster', make: (existing) => sumConfig(existing) },
  { name: 'Mean', kind: 'faster', make: (existing) => meanConfig(existing) },
  { name: 'Add', kind: 'faster', make: (existing) => addConfig(existing) },
  { name: 'Sub', kind: 'faster', make: (existing) => subConfig(existing) },
  { name: 'Multiply', kind: 'faster', make: (existing) => multiplyConfig(existing) },
  { name: RELU_GRAD_KERNEL, kind: 'faster', make: () => reluGradKernelConfig() },
];

/** The kernels this package provides for the WASM backend and why. */
export const WASM_TRAINING_KERNELS: ReadonlyArray<{ name: string; kind: 'missing' | 'faster' }> = ENTRIES.map(
  ({ name, kind }) => ({ name, kind }),
);

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && (config as unknown as Record<symbol, unknown>)[OURS] === true;
}

// The backend's own kernel each of ours replaced, to put back when the fast kernels are switched off. Kept on the
// global object for the same reason as OURS: the ESM and CJS builds must share it.
const STOCK_KEY = Symbol.for('eng.tensor-gpu.stock-kernels');
const globalSlots = globalThis as unknown as Record<symbol, Map<string, tf.KernelConfig | undefined> | undefined>;
const stock: Map<string, tf.KernelConfig | undefined> = (globalSlots[STOCK_KEY] ??= new Map());

function install(entry: KernelEntry): boolean {
  const existing = tf.getKernel(entry.name, 'wasm');
  if (isOurs(existing)) return false;
  if (!stock.has(entry.name)) stock.set(entry.name, existing);
  const config = { ...entry.make(stock.get(entry.name)), [OURS]: true };
  if (existing !== undefined) tf.unregisterKernel(entry.name, 'wasm');
  tf.registerKernel(config);
  return true;
}

function restoreStock(entry: KernelEntry): void {
  const existing = tf.getKernel(entry.name, 'wasm');
  if (!isOurs(existing)) return;
  tf.unregisterKernel(entry.name, 'wasm');
  const original = stock.get(entry.name);
  if (original === undefined) return;
  tf.registerKernel(original);
  // Ours may have been in place when the backend started, so the stock kernel's setup (binding its WASM
  // function) has not run yet: run it now.
  const backend = tf.findBackend('wasm');
  if (backend !== null && backend !== undefined) original.setupFunc?.(backend);
}

/**
 * Registers our WASM kernels (those not already registered by us); returns the names registered by this call.
 * While {@link useFastWasmKernels} is off, only the kernels WASM lacks are registered.
 */
export function registerWasmTrainingKernels(): string[] {
  installReluGradient();
  const fast = fastWasmKernelsEnabled();
  return ENTRIES.filter((entry) => (entry.kind === 'missing' || fast) && install(entry)).map((entry) => entry.name);
}

/**
 * Switches between our faster kernels (default) and the backend's stock ones, keeping the kernels WASM lacks
 * either way: the benchmark's baseline, and a way to rule our kernels out when a result looks wrong. A kernel's
 * backend-side setup (binding its WASM function) ran when the backend started, for ours and the stock ones alike.
 */
export function useFastWasmKernels(enabled: boolean): void {
  setFastWasmKernelsFlag(enabled);
  for (const entry of ENTRIES) {
    if (entry.kind !== 'faster') continue;
    if (enabled) install(entry);
    else restoreStock(entry);
  }
}
