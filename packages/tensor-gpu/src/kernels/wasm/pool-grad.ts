// MaxPoolGrad for the WASM backend. The backend's own kernel recomputes each window's argmax per input pixel; we
// scan each window once, keep the first maximum per channel (the CPU backend's tie rule), and scatter dy there:
// four channels at a time in our SIMD kernel when the channels come in fours, else in the loops below.
import { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { type Attrs, f32, heapOffset, type TensorInfo, type WasmBackend } from './wasm-backend';

type PoolInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/**
 * The common 2x2 / stride 2 / no padding pool: windows do not overlap, so each input pixel receives dy or 0 and
 * is written exactly once (no zeroing pass, no accumulation). Returns false when the shape does not fit.
 */
function maxPool2x2Backprop(x: Float32Array, dy: Float32Array, info: PoolInfo, dx: Float32Array): boolean {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const fits =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight * 2 <= inHeight &&
    outWidth * 2 <= inWidth;
  if (!fits) return false;
  // Rows or columns left over by an odd size get no gradient.
  if (outHeight * 2 !== inHeight || outWidth * 2 !== inWidth) dx.fill(0);
  const row = inWidth * C;
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      let p = (n * inHeight + oh * 2) * row;
      for (let ow = 0; ow < outWidth; ow++, p += 2 * C, o += C) {
        for (let c = 0; c < C; c++) {
          const i00 = p + c;
          const i01 = i00 + C;
          const i10 = i00 + row;
          const i11 = i10 + C;
          // First maximum in scan order wins, as on the CPU backend; a window of NaN or -Infinity gets nothing.
          let at = -1;
          let max = Number.NEGATIVE_INFINITY;
          const a = x[i00] as number;
          if (a > max) {
            max = a;
            at = i00;
          }
          const b = x[i01] as number;
          if (b > max) {
            max = b;
            at = i01;
          }
          const d = x[i10] as number;
          if (d > max) {
            max = d;
            at = i10;
          }
          if ((x[i11] as number) > max) at = i11;
          const g = dy[o + c] as number;
          dx[i00] = at === i00 ? g : 0;
          dx[i01] = at === i01 ? g : 0;
          dx[i10] = at === i10 ? g : 0;
          dx[i11] = at === i11 ? g : 0;
        }
      }
    }
  }
  return true;
}

/** dx[argmax of each window] += dy, channels-last. `dx` must be zeroed. */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, info: PoolInfo, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // Per window: a running maximum per channel over the window's pixels, reading each pixel's channels in order.
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  let dyAt = 0;
  for (let n = 0; n < batchSize; n++) {
    const xBatch = n * inHeight * inWidth * C;
    for (let oh = 0; oh < outHeight; oh++) {
      const ihStart = oh * strideHeight - padTop;
      for (let ow = 0; ow < outWidth; ow++, dyAt += C) {
        const iwStart = ow * strideWidth - padLeft;
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = ihStart + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = iwStart + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const base = xBatch + (ih * inWidth + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                bestAt[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          const at = bestAt[c] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (dy[dyAt + c] as number);
        }
      }
    }
  }
}

/** The SIMD route (dx zeroed by the kernel); false where it does not apply. */
function maxPoolBackpropSimd(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: PoolInfo,
  dx: TensorInfo,
): boolean {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  if (inChannels % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') return false;
  if ([batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth].some((d) => d <= 0))
    return false;
  const simd = simdFor(backend);
  if (simd === undefined) return false;
  const evenTwoByTwo =
    filterHeight === 2 &&
    filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    inHeight === 2 * outHeight &&
    inWidth === 2 * outWidth;
  if (evenTwoByTwo) {
    const [px, pdy, pdx] = [heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dx)];
    simd.kernels.max_pool_grad_2x2(px, pdy, pdx, batchSize * outHeight, outWidth, inChannels);
    return true;
  }
  const geometry = simd.ints([
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
  simd.kernels.max_pool_grad(heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dx), geometry);
  return true;
}

function maxPoolGrad(args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: WasmBackend; attrs: Attrs }) {
  const { inputs, backend, attrs } = args;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const x = inputs.input;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const out = backend.makeOutput(x.shape, 'float32');
  if (maxPoolBackpropSimd(backend, x, inputs.dy, info, out)) return out;
  const dx = f32(backend, out);
  const xs = f32(backend, x);
  const dy = f32(backend, inputs.dy);
  if (!maxPool2x2Backprop(xs, dy, info, dx)) {
    dx.fill(0);
    maxPoolBackprop(xs, dy, info, dx);
  }
  return out;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
