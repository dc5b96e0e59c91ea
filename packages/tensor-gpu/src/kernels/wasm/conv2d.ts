// Conv2D forward for channels-last float32 tensors with output channels in fours, in our SIMD kernel; everything
// else (NCHW, other dtypes) goes to the backend's XNNPACK kernel. XNNPACK repacks a filter it has not seen
// before, and in training every step brings new weights; our kernel reads the filter where it is. It also serves
// the input gradient, which the backprop kernel computes as a convolution with the flipped filter.
import { tf } from '../../tf';
import { simdFor } from './simd/simd-module';
import { heapOffset, type TensorInfo } from './wasm-backend';
import { type KernelArgs, withFallback } from './with-fallback';

type Args = KernelArgs<{ x: TensorInfo; filter: TensorInfo }>;

/** Below this many input channels XNNPACK's kernel runs (measured faster on the CNN's first layer). */
const MIN_IN_CHANNELS = 8;

function conv2d({ inputs, backend, attrs }: Args): TensorInfo | undefined {
  const { x, filter } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dilations: number | [number, number];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  if (dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const sizes = [info.batchSize, info.outHeight, info.outWidth, info.inChannels, info.outChannels];
  // With few input channels the per-tap overhead dominates and XNNPACK is faster, its packing of a small filter cheap.
  if (info.inChannels < MIN_IN_CHANNELS || info.outChannels % 4 !== 0 || sizes.some((d) => d <= 0)) return undefined;
  const simd = simdFor(backend);
  if (simd === undefined) return undefined;
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
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
  simd.kernels.conv2d(heapOffset(backend, x), heapOffset(backend, filter), heapOffset(backend, out), geometry);
  return out;
}

export const conv2DConfig = (fallback: tf.KernelConfig | undefined) => withFallback('Conv2D', fallback, conv2d);
