// The ReLU gradient in one pass. tfjs differentiates Relu as mul(dy, cast(step(x))): three kernels and two
// intermediate tensors the size of the activation. We register our own gradient for Relu that runs one kernel,
// EngReluGrad, where it exists (the WASM backend with our fast kernels on) and tfjs's formula everywhere else, so
// other backends and the stock kernels compute exactly as before.
import { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { heapOffset, type TensorInfo } from './wasm-backend';
import type { KernelArgs } from './with-fallback';

export const RELU_GRAD_KERNEL = 'EngReluGrad';

function reluGrad({ inputs, backend }: KernelArgs<{ dy: TensorInfo; x: TensorInfo }>): TensorInfo {
  const { dy, x } = inputs;
  const simd = simdFor(backend);
  if (simd === undefined) throw new Error(`${RELU_GRAD_KERNEL} needs WebAssembly SIMD`);
  const out = backend.makeOutput(x.shape, 'float32');
  const n = x.shape.reduce((a, b) => a * b, 1);
  simd.kernels.relu_grad(heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, out), n);
  return out;
}

/** Registered only where it can run: the caller (the gradient below) checks before using it. */
export const reluGradKernelConfig = (): tf.KernelConfig => ({
  kernelName: RELU_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: reluGrad as unknown as tf.KernelFunc,
});

function canRunFused(dy: tf.Tensor, x: tf.Tensor): boolean {
  if (dy.dtype !== 'float32' || x.dtype !== 'float32' || dy.size !== x.size) return false;
  if (tf.getBackend() !== 'wasm' || tf.getKernel(RELU_GRAD_KERNEL, 'wasm') === undefined) return false;
  return simdFor(tf.backend() as never) !== undefined;
}

const GRADIENT_KEY = Symbol.for('eng.tensor-gpu.relu-gradient');

/** Installs our Relu gradient once per process (every copy of this package shares it). */
export function installReluGradient(): void {
  const slots = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (slots[GRADIENT_KEY]) return;
  slots[GRADIENT_KEY] = true;
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const g = dy as tf.Tensor;
      return {
        x: () =>
          canRunFused(g, x)
            ? (tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: g, x }, {}) as tf.Tensor)
            : tf.mul(g, tf.cast(tf.step(x), 'float32')),
      };
    },
  });
}
