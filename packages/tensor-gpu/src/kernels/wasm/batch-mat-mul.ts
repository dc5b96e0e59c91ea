// BatchMatMul. The backend sends only the plain A·B product to XNNPACK, which packs B into its own layout whenever
// B is a tensor it has not seen (in training, every step's weights and gradients); with transposeA or transposeB
// (every matMul gradient has one) it falls to a loop about ten times slower. Ours: float32 products whose B has
// its columns in fours run in our SIMD kernel, which reads A through strides (a transposed A is free) and B where
// it is (a transposed B is copied first); the rest transposes the operands and multiplies plainly in XNNPACK.
import type { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { free, heapOffset, type TensorInfo, transpose, type WasmBackend } from './wasm-backend';
import { type KernelArgs, withFallback } from './with-fallback';

type Args = KernelArgs<{ a: TensorInfo; b: TensorInfo }>;

function swapLastTwo(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, t, perm);
}

const product = (dims: readonly number[]) => dims.reduce((x, y) => x * y, 1);

/** The product in our GEMM kernel, batch by batch; undefined where it does not apply. */
function simdBatchMatMul({ inputs, backend, attrs }: Args): TensorInfo | undefined {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [M, K] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const N = transposeB ? bRows : bCols;
  if (N % 4 !== 0 || M === 0 || K === 0 || N === 0) return undefined;
  // Batch dimensions: equal, or all of one operand's are 1 (broadcast); other broadcasts go to the plain route.
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const aCount = product(aBatch);
  const bCount = product(bBatch);
  const sameBatch = aBatch.length === bBatch.length && aBatch.every((d, i) => d === bBatch[i]);
  if (!sameBatch && aCount !== 1 && bCount !== 1) return undefined;
  const simd = simdFor(backend);
  if (simd === undefined) return undefined;
  const batchShape = aBatch.length >= bBatch.length ? (aCount === 1 && bCount > 1 ? bBatch : aBatch) : bBatch;
  const batches = Math.max(aCount, bCount);
  const bPlain = transposeB ? swapLastTwo(backend, b) : b;
  const out = backend.makeOutput([...batchShape, M, N], 'float32');
  // A[i, k] lives at i·AI + k·AK (elements) within one batch
  const geometry = simd.ints([M, N, K, transposeA ? 1 : K, transposeA ? M : 1]);
  const [pa, pb, pc] = [heapOffset(backend, a), heapOffset(backend, bPlain), heapOffset(backend, out)];
  for (let batch = 0; batch < batches; batch++) {
    const aAt = pa + (aCount === 1 ? 0 : batch * M * K * 4);
    const bAt = pb + (bCount === 1 ? 0 : batch * K * N * 4);
    simd.kernels.gemm(aAt, bAt, pc + batch * M * N * 4, geometry);
  }
  if (bPlain !== b) free(backend, bPlain);
  return out;
}

export function batchMatMulConfig(fallback: tf.KernelConfig | undefined): tf.KernelConfig {
  if (fallback === undefined) throw new Error("Kernel 'BatchMatMul' is not registered for backend 'wasm'");
  const plain = fallback.kernelFunc;
  return withFallback<{ a: TensorInfo; b: TensorInfo }>('BatchMatMul', fallback, (args) => {
    const fast = simdBatchMatMul(args);
    if (fast !== undefined) return fast;
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return undefined;
    const a = transposeA ? swapLastTwo(backend, inputs.a) : inputs.a;
    const b = transposeB ? swapLastTwo(backend, inputs.b) : inputs.b;
    const out = plain({
      inputs: { a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never) as unknown as TensorInfo;
    if (transposeA) free(backend, a);
    if (transposeB) free(backend, b);
    return out;
  });
}
