// Add, Sub and Multiply of a tensor and a vector along its last axes (a bias add, a batch-norm scale or shift):
// the backend's kernels send every broadcast to a general strided loop; our SIMD kernel walks the rows of the
// big operand with the small one in registers. Same shapes, other broadcasts and int32 go to the stock kernels.
import type { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { heapOffset, type TensorInfo } from './wasm-backend';
import { type KernelArgs, withFallback } from './with-fallback';

type Args = KernelArgs<{ a: TensorInfo; b: TensorInfo }>;

const ADD = 0;
const SUB = 1;
const MUL = 2;
const REVERSE_SUB = 3;

/** Whether `small`'s shape (leading 1s aside) is the trailing part of `big`'s, smaller than it. */
function isTrailingVector(big: readonly number[], small: readonly number[]): boolean {
  const inner = [...small];
  while (inner.length > 0 && inner[0] === 1) inner.shift();
  if (inner.length === 0 || inner.length >= big.length || small.length > big.length) return false;
  const tail = big.slice(big.length - inner.length);
  return tail.every((d, i) => d === inner[i]);
}

function broadcastRows(args: Args, op: number, reversed: number): TensorInfo | undefined {
  const { inputs, backend } = args;
  const { a, b } = inputs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const aBig = isTrailingVector(a.shape, b.shape);
  if (!aBig && !isTrailingVector(b.shape, a.shape)) return undefined;
  const [big, small] = aBig ? [a, b] : [b, a];
  const cols = small.shape.reduce((x, y) => x * y, 1);
  const size = big.shape.reduce((x, y) => x * y, 1);
  if (cols % 4 !== 0 || size === 0) return undefined;
  const simd = simdFor(backend);
  if (simd === undefined) return undefined;
  const out = backend.makeOutput(big.shape, 'float32');
  simd.kernels.binary_rows(
    heapOffset(backend, big),
    heapOffset(backend, small),
    heapOffset(backend, out),
    size / cols,
    cols,
    aBig ? op : reversed,
  );
  return out;
}

export const addConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback('Add', fallback, (args: Args) => broadcastRows(args, ADD, ADD));
export const subConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback('Sub', fallback, (args: Args) => broadcastRows(args, SUB, REVERSE_SUB));
export const multiplyConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback('Multiply', fallback, (args: Args) => broadcastRows(args, MUL, MUL));
