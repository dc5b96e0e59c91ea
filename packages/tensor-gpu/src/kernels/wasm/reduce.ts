// Sum and Mean over leading or middle axes. The backend's own kernels move the reduced axes innermost with a full
// transpose before reducing; a bias or batch-norm gradient (a [N, H, W, C] tensor summed to [C]) pays a copy of
// the whole tensor for it. For axes that form one contiguous block, our SIMD kernel sums the rows of each
// [rows, cols] block in place; other reductions, and int32 data, go to the backend's kernel.
import { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { f32, heapOffset, type TensorInfo } from './wasm-backend';
import { type KernelArgs, withFallback } from './with-fallback';

type ReductionArgs = KernelArgs<{ x: TensorInfo }>;

/** [outer, rows, cols] of a reduction over one contiguous block of axes with cols > 1, or undefined. */
export function blockReduction(
  shape: readonly number[],
  axes: readonly number[],
): [number, number, number] | undefined {
  if (axes.length === 0) return undefined;
  const sorted = [...axes].sort((a, b) => a - b);
  const first = sorted[0] as number;
  const last = sorted.at(-1) as number;
  if (last - first + 1 !== sorted.length || new Set(sorted).size !== sorted.length) return undefined;
  const product = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  const cols = product(last + 1, shape.length);
  if (cols === 1) return undefined;
  return [product(0, first), product(first, last + 1), cols];
}

function reduceRows(args: ReductionArgs, mean: boolean): TensorInfo | undefined {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (x.dtype !== 'float32') return undefined;
  const simd = simdFor(backend);
  if (simd === undefined) return undefined;
  const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const block = blockReduction(x.shape, axes);
  if (block === undefined) return undefined;
  const [outer, rows, cols] = block;
  const [reducedShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape;
  const out = backend.makeOutput(shape, 'float32');
  const src = heapOffset(backend, x);
  const dst = heapOffset(backend, out);
  for (let o = 0; o < outer; o++) simd.kernels.sum_rows(src + o * rows * cols * 4, dst + o * cols * 4, rows, cols);
  if (mean && rows !== 1) {
    const values = f32(backend, out);
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / rows;
  }
  return out;
}

export const sumConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback('Sum', fallback, (args: ReductionArgs) => reduceRows(args, false));
export const meanConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback('Mean', fallback, (args: ReductionArgs) => reduceRows(args, true));
