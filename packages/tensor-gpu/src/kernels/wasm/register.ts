// Registers the training kernels this package adds to or replaces in the WASM backend. Idempotent; safe before or
// after the backend starts (none of our kernels needs a setup function).
import { tf } from '../../tf';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2DBackpropFilterConfig, conv2DBackpropInputConfig } from './conv2d-backprop';
import { depthwiseConv2dBackpropFilterConfig, depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop';
import { maxPoolGradConfig } from './pool-grad';
import { tileConfig } from './tile';
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
];

/** The kernels this package provides for the WASM backend and why. */
export const WASM_TRAINING_KERNELS: ReadonlyArray<{ name: string; kind: 'missing' | 'faster' }> = ENTRIES.map(
  ({ name, kind }) => ({ name, kind }),
);

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && (config as unknown as Record<symbol, unknown>)[OURS] === true;
}

/** Registers our WASM kernels (those not already registered by us); returns the names registered by this call. */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const entry of ENTRIES) {
    const existing = tf.getKernel(entry.name, 'wasm');
    if (isOurs(existing)) continue;
    const config = { ...entry.make(existing), [OURS]: true };
    if (existing !== undefined) tf.unregisterKernel(entry.name, 'wasm');
    tf.registerKernel(config);
    added.push(entry.name);
  }
  return added;
}
