// Conv2D gradients for the WASM backend, which ships no Conv2DBackpropFilter. The filter gradient is a matrix
// product: dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s+kh−p, ow·s+kw−p, ci] · dy[n,oh,ow,co], i.e. im2col(x)ᵀ · dy,
// so we lay out the patches once in the WASM heap and let the backend's BatchMatMul (XNNPACK) do the arithmetic.
import { tf } from '../../tf';
import { fastWasmKernelsEnabled } from './fast-kernels-switch';
import { simdFor } from './simd/simd-module';
import {
  type Attrs,
  f32,
  free,
  heapOffset,
  matMul,
  reshape,
  runWasmKernel,
  type TensorInfo,
  transpose,
  type WasmBackend,
} from './wasm-backend';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * Writes the transposed patch matrix colsT[K, P] (K = kh·kw·cin in the filter's layout, P = n·oh·ow in dy's
 * layout) for a channels-last input.
 */
export function im2colTransposed(x: Float32Array, info: ConvInfo, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const P = batchSize * outHeight * outWidth;
  const rowStride = inWidth * inChannels;
  const batchStride = inHeight * rowStride;
  const spatial = outHeight * outWidth;
  // Image by image, so the source image stays in cache while all K rows of its columns are written.
  for (let n = 0; n < batchSize; n++) {
    const xBatch = n * batchStride;
    let row = 0;
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        // Output columns whose input column is inside the image: ow in [owStart, owEnd).
        const colOffset = kw * dilationWidth - padLeft;
        const owStart = Math.max(0, Math.ceil(-colOffset / strideWidth));
        const owEnd = Math.min(outWidth, Math.ceil((inWidth - colOffset) / strideWidth));
        for (let ci = 0; ci < inChannels; ci++, row++) {
          let o = row * P + n * spatial;
          const xChannel = xBatch + ci;
          for (let oh = 0; oh < outHeight; oh++, o += outWidth) {
            const ih = oh * strideHeight + kh * dilationHeight - padTop;
            if (ih < 0 || ih >= inHeight || owStart >= owEnd) {
              out.fill(0, o, o + outWidth);
              continue;
            }
            if (owStart > 0) out.fill(0, o, o + owStart);
            const xRow = xChannel + ih * rowStride + colOffset * inChannels;
            const step = strideWidth * inChannels;
            for (let ow = owStart; ow < owEnd; ow++) out[o + ow] = x[xRow + ow * step] as number;
            if (owEnd < outWidth) out.fill(0, o + owEnd, o + outWidth);
          }
        }
      }
    }
  }
}

function toChannelsLast(backend: WasmBackend, t: TensorInfo, dataFormat: string): TensorInfo {
  return dataFormat === 'NCHW' ? transpose(backend, t, [0, 2, 3, 1]) : reshape(backend, t, t.shape);
}

/**
 * The filter gradient as one XNNPACK convolution: with x viewed as [cin, h, w, n] and dy as a filter
 * [oh, ow, n, cout], conv2d(xᵀ, dyᵀ, dilation = stride) is [cin, kh, kw, cout]. Returns undefined when the
 * padding does not allow it (then im2col runs).
 */
function filterGradByConv(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo): TensorInfo | undefined {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const bottom = filterHeight - (inHeight + top - (outHeight - 1) * strideHeight);
  const right = filterWidth - (inWidth + left - (outWidth - 1) * strideWidth);
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return undefined;
  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  const pad = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const dwT = runWasmKernel(
    backend,
    'Conv2D',
    { x: xT, filter: dyT },
    { strides: 1, pad, dataFormat: 'NHWC', dilations: [strideHeight, strideWidth], dimRoundingMode: undefined },
  );
  const dw = transpose(backend, dwT, [1, 2, 0, 3]);
  free(backend, xT, dyT, dwT);
  return dw;
}

/** The filter gradient as im2col(x)ᵀ · dy through the backend's BatchMatMul: works for every padding. */
function filterGradByIm2col(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo): TensorInfo {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const P = info.batchSize * info.outHeight * info.outWidth;
  const colsT = backend.makeOutput([1, K, P], 'float32');
  im2colTransposed(f32(backend, x), info, f32(backend, colsT));
  const dy3 = reshape(backend, dy, [1, P, info.outChannels]);
  const dw = matMul(backend, colsT, dy3);
  free(backend, colsT, dy3);
  return dw;
}

/**
 * The filter gradient as outer products in our SIMD kernel, reading x and dy where they are: for inputs with few
 * channels the product is small and XNNPACK's packing of dy costs more than the arithmetic. Needs output channels
 * in fours; undefined where it does not apply.
 */
function filterGradByOuterProducts(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: ConvInfo,
): TensorInfo | undefined {
  if (info.outChannels % 4 !== 0 || info.batchSize === 0 || x.dtype !== 'float32' || dy.dtype !== 'float32')
    return undefined;
  const simd = simdFor(backend);
  if (simd === undefined) return undefined;
  const dw = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  const geometry = simd.ints([
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
  simd.kernels.conv_filter_grad(heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dw), geometry);
  return dw;
}

/**
 * Which route the filter gradient takes: 'auto' (default: the outer products where they apply and our fast
 * kernels are on; else im2col for inputs with few channels, where the patch matrix is small and the
 * convolution's huge kernel is inefficient, and the convolution route otherwise), or one route forced.
 */
export const conv2DBackpropFilterRoute: { value: 'auto' | 'conv' | 'im2col' | 'outer' } = { value: 'auto' };

/** Below this many input channels, 'auto' takes the im2col route. */
const IM2COL_MAX_CHANNELS = 8;

function conv2DBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend; attrs: Attrs }) {
  const { inputs, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const x = toChannelsLast(backend, inputs.x, dataFormat);
  const dy = toChannelsLast(backend, inputs.dy, dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const route = conv2DBackpropFilterRoute.value;
  const fewChannels = info.inChannels < IM2COL_MAX_CHANNELS;
  const useConv = route === 'conv' || (route === 'auto' && !fewChannels);
  const useOuter = route === 'outer' || (route === 'auto' && fastWasmKernelsEnabled());
  const dw =
    (useOuter ? filterGradByOuterProducts(backend, x, dy, info) : undefined) ??
    (useConv ? filterGradByConv(backend, x, dy, info) : undefined) ??
    filterGradByIm2col(backend, x, dy, info);
  const out = reshape(backend, dw, filterShape);
  free(backend, x, dy, dw);
  return out;
}

export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};

/**
 * The input gradient as one XNNPACK convolution of dy (spread out by the stride) with the spatially flipped,
 * channel-swapped filter. The backend's own Conv2DBackpropInput, a plain loop, remains for NCHW and for paddings
 * this cannot express.
 */
function conv2DBackpropInputByConv(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: Attrs;
}): TensorInfo | undefined {
  const { inputs, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    inputs.filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  // A strided layer's gradient is the same convolution over dy with (stride − 1) zeros between its pixels.
  const dilatedHeight = (outHeight - 1) * sh + 1;
  const dilatedWidth = (outWidth - 1) * sw + 1;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = inHeight + kh - 1 - dilatedHeight - top;
  const right = inWidth + kw - 1 - dilatedWidth - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return undefined;
  const dy = sh === 1 && sw === 1 ? inputs.dy : spreadOut(backend, inputs.dy, sh, sw, dilatedHeight, dilatedWidth);
  const flipped = runWasmKernel(backend, 'Reverse', { x: inputs.filter }, { dims: [0, 1] });
  const swapped = transpose(backend, flipped, [0, 1, 3, 2]);
  const dx = runWasmKernel(
    backend,
    'Conv2D',
    { x: dy, filter: swapped },
    {
      strides: 1,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: 1,
      dimRoundingMode: undefined,
    },
  );
  free(backend, flipped, swapped);
  if (dy !== inputs.dy) free(backend, dy);
  return dx;
}

/** dy [n, oh, ow, c] spread onto a zero grid [n, (oh−1)·sh+1, (ow−1)·sw+1, c]. */
function spreadOut(
  backend: WasmBackend,
  dy: TensorInfo,
  sh: number,
  sw: number,
  height: number,
  width: number,
): TensorInfo {
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const out = backend.makeOutput([n, height, width, c], 'float32');
  const dst = f32(backend, out);
  const src = f32(backend, dy);
  dst.fill(0);
  let s = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      let d = (b * height + i * sh) * width * c;
      for (let j = 0; j < ow; j++, s += c, d += sw * c) dst.set(src.subarray(s, s + c), d);
    }
  }
  return out;
}

/** Conv2DBackpropInput that takes the convolution route when it can and else defers to the backend's kernel. */
export function conv2DBackpropInputConfig(fallback: tf.KernelConfig | undefined): tf.KernelConfig {
  const kernelFunc = (args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: WasmBackend; attrs: Attrs }) => {
    const fast = conv2DBackpropInputByConv(args);
    if (fast !== undefined) return fast;
    if (fallback === undefined) throw new Error("Kernel 'Conv2DBackpropInput' has no fallback for backend 'wasm'");
    return fallback.kernelFunc(args as never);
  };
  const config: tf.KernelConfig = {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  };
  // The backend's kernel binds its WASM function in a setup step that runs when the backend starts: keep it.
  if (fallback?.setupFunc !== undefined) config.setupFunc = fallback.setupFunc;
  return config;
}
