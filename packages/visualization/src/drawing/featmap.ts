import { describe } from '@eng/internal';
import { printLog } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import { VisualizationError } from '../errors';
import { type ImageInput, toVisImage, type VisImage, withChannels } from '../image/vis-image';
import { fontOf } from './font';
import { drawOn, PX_PER_PT, resizeImage } from './surface';

/** `drawFeatmap` options (MMEngine's keyword arguments of `draw_featmap`). */
export interface DrawFeatmapOptions {
  /** `'squeeze_mean'` (default: the mean over channels), `'select_max'` (the channel of largest sum) or `null`. */
  channel_reduction?: 'squeeze_mean' | 'select_max' | null;
  /**
   * With `channel_reduction: null`: the `topk` channels of largest sum, each its own heat map in a grid (default 20);
   * `topk <= 0` draws a map of 1 or 3 channels as it is.
   */
  topk?: number;
  /** The grid `[rows, cols]` of the `topk` maps (default `[4, 5]`); `rows * cols` must be at least `topk`. */
  arrangement?: readonly [number, number];
  /** Resize the map (bilinear, half-pixel centres) and the image to `[height, width]` first. */
  resize_shape?: readonly [number, number] | null;
  /** The heat map's weight over the image: `(1 - alpha) * image + alpha * heat` (default 0.5). */
  alpha?: number;
}

const WHERE = 'Visualizer.drawFeatmap';

function bad(message: string): VisualizationError {
  return new VisualizationError('BAD_OPTIONS', `${WHERE}: ${message}`);
}

let jetTable: Uint8Array | undefined;

/**
 * OpenCV's COLORMAP_JET as RGB bytes, 256 entries: OpenCV's table is `clip(1.5 - |4x - c|, 0, 1)` sampled at
 * `x = i / 255` (c = 3 red, 2 green, 1 blue), scaled by 255 and rounded.
 */
export function jetColormap(): Uint8Array {
  if (jetTable !== undefined) return jetTable;
  jetTable = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    [3, 2, 1].forEach((c, k) => {
      const v = Math.fround(Math.min(1, Math.max(0, 1.5 - Math.abs(4 * x - c))));
      (jetTable as Uint8Array)[i * 3 + k] = Math.round(v * 255);
    });
  }
  return jetTable;
}

/** cv2's saturating cast of a float to a byte (rounded). */
function saturate(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/**
 * MMEngine's `convert_overlay_heatmap`: min-max normalised to 0-255 over all values (cv2.NORM_MINMAX, then truncated
 * to bytes; a constant map is 0), a 3-channel map made gray first (cv2.applyColorMap reads it as BGR), coloured with
 * JET, then blended over `image` as `(1 - alpha) * image + alpha * heat`.
 */
function overlayHeatmap(
  values: ArrayLike<number>,
  height: number,
  width: number,
  channels: 1 | 3,
  image: VisImage | undefined,
  alpha: number,
): VisImage & { channels: 3 } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max - min > Number.EPSILON ? 255 / (max - min) : 0;
  const byte = (v: number) => Math.min(255, Math.max(0, Math.trunc((v - min) * scale)));
  const n = height * width;
  const table = jetColormap();
  const out = new Uint8Array(n * 3);
  const base = image?.data;
  for (let p = 0; p < n; p++) {
    let level: number;
    if (channels === 1) level = byte(values[p] as number);
    else {
      // BGR -> gray in OpenCV's fixed point: channel 0 is read as blue, 2 as red
      const b = byte(values[p * 3] as number);
      const g = byte(values[p * 3 + 1] as number);
      const r = byte(values[p * 3 + 2] as number);
      level = (b * 1868 + g * 9617 + r * 4899 + 8192) >> 14;
    }
    for (let c = 0; c < 3; c++) {
      const heat = table[level * 3 + c] as number;
      out[p * 3 + c] = base === undefined ? heat : saturate((base[p * 3 + c] as number) * (1 - alpha) + heat * alpha);
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** `[C, H, W]` resized to `[C, h, w]` bilinearly with half-pixel centres (PyTorch's `align_corners=False`). */
function resizeMap(map: tf.Tensor3D, height: number, width: number): tf.Tensor3D {
  return tf.tidy(() => {
    const nhwc = tf.transpose(map, [1, 2, 0]).expandDims(0) as tf.Tensor4D;
    const resized = tf.image.resizeBilinear(nhwc, [height, width], false, true);
    return tf.transpose(resized.squeeze([0]), [2, 0, 1]) as tf.Tensor3D;
  });
}

/** The channel indices of the `k` largest sums over H and W, largest first (torch.topk). */
function topChannels(map: tf.Tensor3D, k: number): number[] {
  const sums = tf.tidy(() => tf.sum(map, [1, 2]).dataSync());
  return Array.from(sums.keys())
    .sort((a, b) => (sums[b] as number) - (sums[a] as number) || a - b)
    .slice(0, k);
}

function overlaidOf(input: ImageInput | null | undefined): VisImage | undefined {
  if (input === undefined || input === null) return undefined;
  // a [H, W] gray tensor is an image too (MMEngine converts GRAY2RGB)
  const image = input instanceof tf.Tensor && input.rank === 2 ? tf.tidy(() => input.expandDims(2)) : input;
  try {
    return withChannels(toVisImage(image, `${WHERE}: overlaid_image`, 'cast'), 3);
  } finally {
    if (image !== input) (image as tf.Tensor).dispose();
  }
}

function checkShape(value: unknown, name: string): readonly [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)
  ) {
    throw bad(`\`${name}\` should be [rows, cols] / [height, width] of positive integers, got ${describe(value)}`);
  }
  return value as unknown as readonly [number, number];
}

/**
 * MMEngine's `Visualizer.draw_featmap`: a feature map `[C, H, W]` as an RGB heat map (OpenCV's JET), optionally over
 * an image; the tensor is read, not disposed.
 */
export function drawFeatmap(
  featmap: tf.Tensor,
  overlaidImage?: ImageInput | null,
  options: DrawFeatmapOptions = {},
): VisImage & { channels: 3 } {
  if (!(featmap instanceof tf.Tensor) || featmap.rank !== 3) {
    throw new VisualizationError(
      'BAD_SHAPE',
      `${WHERE}: \`featmap\` should be a tensor of shape [C, H, W], got ${featmap instanceof tf.Tensor ? `shape [${featmap.shape.join(', ')}]` : describe(featmap)}`,
    );
  }
  const channelReduction = options.channel_reduction === undefined ? 'squeeze_mean' : options.channel_reduction;
  const topk = options.topk ?? 20;
  const alpha = options.alpha ?? 0.5;
  if (channelReduction !== null && channelReduction !== 'squeeze_mean' && channelReduction !== 'select_max') {
    throw bad(
      `\`channel_reduction\` should be 'squeeze_mean', 'select_max' or null, got ${describe(channelReduction)}`,
    );
  }
  if (typeof topk !== 'number' || !Number.isInteger(topk))
    throw bad(`\`topk\` should be an integer, got ${describe(topk)}`);
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw bad(`\`alpha\` should be a number in [0, 1], got ${describe(alpha)}`);
  }
  const arrangement = checkShape(options.arrangement ?? [4, 5], 'arrangement');
  const resizeShape =
    options.resize_shape === undefined || options.resize_shape === null
      ? null
      : checkShape(options.resize_shape, 'resize_shape');
  let image = overlaidOf(overlaidImage);
  let map = tf.tidy(() => tf.cast(featmap, 'float32')) as tf.Tensor3D;
  try {
    const swap = (next: tf.Tensor3D) => {
      map.dispose();
      map = next;
    };
    if (image !== undefined && (image.height !== map.shape[1] || image.width !== map.shape[2])) {
      printLog(
        `Since the spatial dimensions of overlaid_image: (${image.height}, ${image.width}) and featmap: (${map.shape[1]}, ${map.shape[2]}) are not same, the feature map will be interpolated. This may cause mismatch problems !`,
        { logger: 'current', level: 'warning' },
      );
      if (resizeShape === null) swap(resizeMap(map, image.height, image.width));
    }
    if (resizeShape !== null) {
      const [h, w] = resizeShape;
      swap(resizeMap(map, h, w));
      if (image !== undefined) image = resizeImage(image, w, h);
    }
    const [channels, height, width] = map.shape;
    const plane = (index: number) =>
      tf.tidy(() => map.slice([index, 0, 0], [1, height, width]).dataSync() as Float32Array);
    if (channelReduction === 'squeeze_mean') {
      const mean = tf.tidy(() => tf.mean(map, 0).dataSync() as Float32Array);
      return overlayHeatmap(mean, height, width, 1, image, alpha);
    }
    if (channelReduction === 'select_max') {
      return overlayHeatmap(plane(topChannels(map, 1)[0] as number), height, width, 1, image, alpha);
    }
    if (topk <= 0) {
      if (channels !== 1 && channels !== 3) {
        throw bad(
          `with channel_reduction null and topk <= 0 the featmap needs 1 or 3 channels, got ${channels}; set channel_reduction, or topk > 0`,
        );
      }
      const hwc = tf.tidy(() => tf.transpose(map, [1, 2, 0]).dataSync() as Float32Array);
      return overlayHeatmap(hwc, height, width, channels, image, alpha);
    }
    const [rows, cols] = arrangement;
    if (rows * cols < topk) {
      throw bad(`\`arrangement\` [${rows}, ${cols}] holds ${rows * cols} maps, fewer than topk (${topk})`);
    }
    const chosen = topChannels(map, Math.min(channels, topk));
    const grid: VisImage = {
      data: new Uint8Array(width * cols * height * rows * 3).fill(255),
      width: width * cols,
      height: height * rows,
      channels: 3,
    };
    chosen.forEach((channel, i) => {
      const tile = overlayHeatmap(plane(channel), height, width, 1, image, alpha);
      const x0 = (i % cols) * width;
      const y0 = Math.floor(i / cols) * height;
      for (let y = 0; y < height; y++) {
        grid.data.set(tile.data.subarray(y * width * 3, (y + 1) * width * 3), ((y0 + y) * grid.width + x0) * 3);
      }
    });
    // MMEngine labels each tile "channel: i" at (2, 15) of its axes, 10 pt, black
    return drawOn(grid, (ctx) => {
      ctx.font = fontOf(10 * PX_PER_PT);
      ctx.fillStyle = 'black';
      ctx.textBaseline = 'alphabetic';
      ctx.beginPath();
      chosen.forEach((channel, i) => {
        const x0 = (i % cols) * width;
        const y0 = Math.floor(i / cols) * height;
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, y0, width, height);
        ctx.clip();
        ctx.fillText(`channel: ${channel}`, x0 + 2.5, y0 + 15.5);
        ctx.restore();
      });
    });
  } finally {
    map.dispose();
  }
}
