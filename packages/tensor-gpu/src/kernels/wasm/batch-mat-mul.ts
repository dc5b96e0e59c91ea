// BatchMatMul with transposed operands. The WASM backend sends only the plain A·B product to XNNPACK; with
// transposeA or transposeB (every matMul gradient has one) it falls to a loop about ten times slower. Transposing
// the operand first (a copy, O(size)) and multiplying plainly is much faster.
import type { tf } from '../../tf';
import { type Attrs, free, type TensorInfo, transpose, type WasmBackend } from './wasm-backend';

function swapLastTwo(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, t, perm);
}

export function batchMatMulConfig(fallback: tf.KernelConfig | undefined): tf.KernelConfig {
  if (fallback === undefined) throw new Error("Kernel 'BatchMatMul' is not registered for backend 'wasm'");
  const plain = fallback.kernelFunc;
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: WasmBackend; attrs: Attrs }) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return plain(args as never);
    const a = transposeA ? swapLastTwo(backend, inputs.a) : inputs.a;
    const b = transposeB ? swapLastTwo(backend, inputs.b) : inputs.b;
    const out = plain({
      inputs: { a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never);
    if (transposeA) free(backend, a);
    if (transposeB) free(backend, b);
    return out;
  };
  const config: tf.KernelConfig = {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
  if (fallback.setupFunc !== undefined) config.setupFunc = fallback.setupFunc;
  return config;
}
