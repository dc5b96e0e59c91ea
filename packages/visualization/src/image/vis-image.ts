import { describe } from '@eng/internal';
import type { ImageArray } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { VisualizationError } from '../errors';

/**
 * An 8-bit image as the visualizer keeps and writes it: pixels channels-last and row-major
 * (`data[(y * width + x) * channels + c]`), RGB (3 channels), RGBA (4) or grayscale (1).
 */
export interface VisImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * What the visualizer and its backends take as an image: `{ data, width, height, channels }` (RGB(A) order; the
 * `ImageArray` of `@eng/structures` fits, as does `Uint8ClampedArray` data) or a `[H, W, C]` tensor.
 */
export type ImageInput =
  | VisImage
  | ImageArray
  | { data: Uint8ClampedArray; width: number; height: number; channels: number }
  | tf.Tensor;

/**
 * How pixel values become bytes: `'strict'` accepts only 8-bit values (integers 0-255, as MMEngine's backends assert
 * `dtype == uint8`); `'cast'` truncates and clamps anything numeric (MMEngine's `set_image` does `astype('uint8')`).
 */
export type PixelMode = 'strict' | 'cast';

const CHANNELS = [1, 3, 4];

function badImage(where: string, message: string): VisualizationError {
  return new VisualizationError('BAD_IMAGE', `${where}: ${message}`);
}

function checkSize(where: string, height: number, width: number, channels: number): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw badImage(where, `an image needs a positive integer width and height, got ${width}x${height}`);
  }
  if (!CHANNELS.includes(channels)) {
    throw badImage(where, `an image has 1 (gray), 3 (RGB) or 4 (RGBA) channels, got ${describe(channels)}`);
  }
}

function toBytes(values: ArrayLike<number>, where: string, mode: PixelMode): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (mode === 'strict') {
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw badImage(
          where,
          `the image must hold 8-bit values (integers 0-255), but value ${i} is ${v}; convert it first (a Uint8Array, or a tensor of such values)`,
        );
      }
      out[i] = v;
    } else {
      out[i] = Number.isNaN(v) ? 0 : Math.min(255, Math.max(0, Math.trunc(v)));
    }
  }
  return out;
}

function fromTensor(tensor: tf.Tensor, where: string, mode: PixelMode): VisImage {
  if (tensor.rank !== 3) {
    throw badImage(where, `an image tensor has shape [H, W, C], got shape [${tensor.shape.join(', ')}]`);
  }
  const [height, width, channels] = tensor.shape as [number, number, number];
  checkSize(where, height, width, channels);
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') {
    throw badImage(where, `an image tensor holds numbers, got dtype ${tensor.dtype}`);
  }
  return { data: toBytes(tensor.dataSync() as ArrayLike<number>, where, mode), width, height, channels };
}

/**
 * A copy of `input` as a {@link VisImage} (the caller keeps ownership of what it passed: a tensor is read, never
 * disposed or kept). `where` prefixes error messages (`'Visualizer.setImage'`).
 */
export function toVisImage(input: unknown, where: string, mode: PixelMode): VisImage {
  if (input instanceof tf.Tensor) return fromTensor(input, where, mode);
  if (input === null || typeof input !== 'object') {
    throw badImage(
      where,
      `expected an image ({ data, width, height, channels } or a [H, W, C] tensor), got ${describe(input)}`,
    );
  }
  const { data, width, height, channels } = input as Partial<ImageArray> & { data?: unknown };
  checkSize(where, height as number, width as number, channels as number);
  const h = height as number;
  const w = width as number;
  const c = channels as number;
  const isBytes = data instanceof Uint8Array || data instanceof Uint8ClampedArray;
  if (!isBytes && !(mode === 'cast' && data instanceof Float32Array)) {
    throw badImage(
      where,
      mode === 'strict'
        ? `image.data must be a Uint8Array (8-bit pixels), got ${describe(data)}`
        : `image.data must be a Uint8Array or a Float32Array, got ${describe(data)}`,
    );
  }
  const pixels = data as Uint8Array | Uint8ClampedArray | Float32Array;
  if (pixels.length !== h * w * c) {
    throw badImage(
      where,
      `image.data has ${pixels.length} values, but a ${w}x${h} image of ${c} channels needs ${h * w * c}`,
    );
  }
  return { data: isBytes ? new Uint8Array(pixels) : toBytes(pixels, where, mode), width: w, height: h, channels: c };
}

/** `image` with `channels` channels: gray is repeated, alpha is dropped (→ 3) or set opaque (→ 4). */
export function withChannels(image: VisImage, channels: 3 | 4): VisImage {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const out = new Uint8Array(n * channels);
  const src = image.data;
  const from = image.channels;
  for (let p = 0; p < n; p++) {
    const s = p * from;
    const o = p * channels;
    if (from === 1) {
      const v = src[s] as number;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    } else {
      out[o] = src[s] as number;
      out[o + 1] = src[s + 1] as number;
      out[o + 2] = src[s + 2] as number;
    }
    if (channels === 4) out[o + 3] = from === 4 ? (src[s + 3] as number) : 255;
  }
  return { data: out, width: image.width, height: image.height, channels };
}
