// Depthwise convolution gradients for the WASM backend, which has neither. A depthwise layer does k·k
// multiply-adds per output element and channel, too little arithmetic for a GEMM to pay off, so both gradients are
// single passes over the WASM heap (no copy to another backend), channels innermost for contiguous access.
import { tf } from '../../tf';
import { type Attrs, f32, type TensorInfo, type WasmBackend } from './wasm-backend';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Pair = number | [number, number];
type Shape4 = [number, number, number, number];

/** The convolution geometry both gradients walk: the forward input's and the filter's shapes with the kernel attrs. */
function depthwiseInfo(attrs: Attrs, xShape: Shape4, filterShape: Shape4): ConvInfo {
  const { strides, dilations, pad, dimRoundingMode } = attrs as {
    strides: Pair;
    dilations: Pair;
    pad: Pad;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, true);
}

/** A zero-filled float32 output of `shape` and its view on the WASM heap, for a gradient to accumulate into. */
function zeroOutput(backend: WasmBackend, shape: Shape4): { out: TensorInfo; data: Float32Array } {
  const out = backend.makeOutput([...shape], 'float32');
  const data = f32(backend, out);
  data.fill(0);
  return { out, data };
}

/**
 * Calls `visit(xAt, dyAt, wAt)` with the flat offsets (x pixel's channel 0, dy pixel's channel 0, filter tap's
 * channel 0) of every (output pixel, filter tap) pair whose input pixel is inside the image.
 */
function forEachTap(info: ConvInfo, visit: (xAt: number, dyAt: number, wAt: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  let dyAt = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, dyAt += outChannels) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            visit(((n * inHeight + ih) * inWidth + iw) * inChannels, dyAt, (kh * filterWidth + kw) * outChannels);
          }
        }
      }
    }
  }
}

function depthwiseBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: Attrs;
}) {
  const { inputs, backend, attrs } = args;
  const { filterShape } = attrs as { filterShape: Shape4 };
  const info = depthwiseInfo(attrs, inputs.x.shape as Shape4, filterShape);
  const multiplier = filterShape[3];
  const C = info.inChannels;
  const { out, data: dw } = zeroOutput(backend, filterShape);
  const x = f32(backend, inputs.x);
  const dy = f32(backend, inputs.dy);
  forEachTap(info, (xAt, dyAt, wAt) => {
    for (let c = 0; c < C; c++) {
      const xv = x[xAt + c] as number;
      for (let m = 0; m < multiplier; m++) {
        const o = c * multiplier + m;
        dw[wAt + o] = (dw[wAt + o] as number) + xv * (dy[dyAt + o] as number);
      }
    }
  });
  return out;
}

function depthwiseBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: Attrs;
}) {
  const { inputs, backend, attrs } = args;
  const { inputShape } = attrs as { inputShape: Shape4 };
  const filterShape = inputs.filter.shape as Shape4;
  const info = depthwiseInfo(attrs, inputShape, filterShape);
  const multiplier = filterShape[3];
  const C = info.inChannels;
  const { out, data: dx } = zeroOutput(backend, inputShape);
  const w = f32(backend, inputs.filter);
  const dy = f32(backend, inputs.dy);
  forEachTap(info, (xAt, dyAt, wAt) => {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let m = 0; m < multiplier; m++) {
        const o = c * multiplier + m;
        sum += (dy[dyAt + o] as number) * (w[wAt + o] as number);
      }
      dx[xAt + c] = (dx[xAt + c] as number) + sum;
    }
  });
  return out;
}

export const depthwiseConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};

export const depthwiseConv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
