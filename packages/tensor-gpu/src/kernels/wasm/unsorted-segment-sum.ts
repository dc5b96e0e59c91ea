// UnsortedSegmentSum for the WASM backend (missing there): the gradient of tf.gather, so of every embedding
// lookup. One pass adding each row of x into the output row its segment id names; ids outside
// [0, numSegments) are dropped, as in TensorFlow.
import { tf } from '../../tf';
import type { Attrs, TensorInfo, WasmBackend } from './wasm-backend';

function unsortedSegmentSum(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: WasmBackend;
  attrs: Attrs;
}) {
  const { inputs, backend, attrs } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments as number;
  const idsRank = segmentIds.shape.length;
  const rowShape = x.shape.slice(idsRank);
  const row = tf.util.sizeFromShape(rowShape);
  const out = backend.makeOutput([numSegments, ...rowShape], x.dtype);
  const o = backend.typedArrayFromHeap(out);
  o.fill(0);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id < 0 || id >= numSegments) continue;
    const src = i * row;
    const dst = id * row;
    for (let j = 0; j < row; j++) o[dst + j] = (o[dst + j] as number) + (xs[src + j] as number);
  }
  return out;
}

export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
