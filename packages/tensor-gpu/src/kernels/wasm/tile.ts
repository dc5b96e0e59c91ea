// Tile for the WASM backend, whose own kernel computes a source index per output element. Tiling is a sequence of
// block copies: expand one axis at a time, innermost first, copying whole contiguous blocks.
import { tf } from '../../tf';
import type { Attrs, TensorInfo, WasmBackend } from './wasm-backend';

type Typed = Float32Array | Int32Array | Uint8Array;

/** Tiles `src` (shape `shape`) by `reps` into `out`. */
export function tileInto(src: Typed, shape: readonly number[], reps: readonly number[], out: Typed): void {
  let cur: Typed = src;
  const curShape = [...shape];
  const last = lastRepeatedAxis(reps);
  if (last < 0) {
    out.set(cur);
    return;
  }
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const r = reps[axis] as number;
    if (r === 1) continue;
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= curShape[i] as number;
    const block = cur.length / outer;
    // The final expansion writes straight into `out`; earlier ones into scratch arrays.
    const dest: Typed =
      axis === firstRepeatedAxis(reps) ? out : new (cur.constructor as Float32ArrayConstructor)(cur.length * r);
    for (let o = 0; o < outer; o++) {
      const from = cur.subarray(o * block, (o + 1) * block);
      const base = o * block * r;
      dest.set(from, base);
      // Doubling copies: 1, 2, 4, … blocks of the output row are filled from what is already there.
      let filled = block;
      const total = block * r;
      while (filled < total) {
        const n = Math.min(filled, total - filled);
        dest.copyWithin(base + filled, base, base + n);
        filled += n;
      }
    }
    curShape[axis] = (curShape[axis] as number) * r;
    cur = dest;
  }
}

function firstRepeatedAxis(reps: readonly number[]): number {
  return reps.findIndex((r) => r !== 1);
}

function lastRepeatedAxis(reps: readonly number[]): number {
  for (let i = reps.length - 1; i >= 0; i--) if (reps[i] !== 1) return i;
  return -1;
}

function tile(args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: Attrs }) {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const reps = attrs.reps as number[];
  const outShape = x.shape.map((d, i) => d * (reps[i] as number));
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  tileInto(backend.typedArrayFromHeap(x), x.shape, reps, backend.typedArrayFromHeap(out));
  return out;
}

export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as unknown as tf.KernelFunc,
};
