import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { VisualizationError } from '../errors';
import { type ColorsInput, perItem, perItemColors } from './colors';
import { shapeOf } from './geometry';
import type { DrawingCanvas } from './surface';

/** One binary mask: `{ data, width, height }` (nonzero is inside; `data` row-major, `width * height` values). */
export interface BinaryMask {
  data: ArrayLike<number | boolean>;
  width: number;
  height: number;
}

/**
 * Binary masks as `drawBinaryMasks` takes them: one {@link BinaryMask}, a `[H, W]` or `[N, H, W]` tensor (bool or
 * numbers, nonzero is inside), nested arrays `[H][W]` / `[N][H][W]`, or a list of masks.
 */
export type BinaryMasksInput =
  | BinaryMask
  | tf.Tensor
  | ReadonlyArray<ReadonlyArray<number | boolean>>
  | ReadonlyArray<BinaryMask | tf.Tensor | ReadonlyArray<ReadonlyArray<number | boolean>>>;

/** `drawBinaryMasks` options (MMEngine's `draw_binary_masks`). */
export interface DrawBinaryMasksOptions {
  /** The colour(s) the masks are painted in. Default `'g'` (as MMEngine's `color_str2rgb`: `[0, 127, 0]`). */
  colors?: ColorsInput;
  /** How opaque each mask is, one or one per mask. Default 0.8. */
  alphas?: number | readonly number[];
}

const WHERE = 'Visualizer.drawBinaryMasks';

function badMasks(width: number, height: number, input: unknown): VisualizationError {
  return new VisualizationError(
    'BAD_SHAPE',
    `${WHERE}: \`binary_masks\` should have shape [N, ${height}, ${width}] or [${height}, ${width}] (the image's size), got ${shapeOf(input)}`,
  );
}

function isMaskObject(value: unknown): value is BinaryMask {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof tf.Tensor) &&
    'data' in value
  );
}

/** Flat masks of `width * height` values, nonzero inside. */
function toMasks(input: unknown, width: number, height: number): Uint8Array[] {
  const size = width * height;
  const fromFlat = (values: ArrayLike<unknown>): Uint8Array => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = values[i] ? 1 : 0;
    return out;
  };
  if (input instanceof tf.Tensor) {
    const rank = input.rank;
    const [n, h, w] =
      rank === 2 ? [1, input.shape[0], input.shape[1]] : [input.shape[0], input.shape[1], input.shape[2]];
    if ((rank !== 2 && rank !== 3) || h !== height || w !== width) throw badMasks(width, height, input);
    const values = input.dataSync() as ArrayLike<number>;
    return Array.from({ length: n as number }, (_, k) =>
      fromFlat(Array.prototype.slice.call(values, k * size, (k + 1) * size)),
    );
  }
  if (isMaskObject(input)) {
    if (input.width !== width || input.height !== height || input.data?.length !== size) {
      throw new VisualizationError(
        'BAD_SHAPE',
        `${WHERE}: \`binary_masks\` should be ${width}x${height} (the image's size) with ${size} values, got ${describe(input.width)} x ${describe(input.height)} with ${input.data?.length ?? 'no'} values`,
      );
    }
    return [fromFlat(input.data)];
  }
  if (Array.isArray(input)) {
    const first: unknown = input[0];
    // nested [H][W] (a row of numbers or booleans)
    if (Array.isArray(first) && (typeof first[0] === 'number' || typeof first[0] === 'boolean')) {
      if (input.length !== height || !input.every((row) => Array.isArray(row) && row.length === width)) {
        throw badMasks(width, height, input);
      }
      return [fromFlat(input.flat())];
    }
    return input.flatMap((mask) => toMasks(mask, width, height));
  }
  throw badMasks(width, height, input);
}

/**
 * MMEngine's `draw_binary_masks`: each mask's inside becomes `(1 - alpha) * pixel + alpha * colour` (cv2.addWeighted,
 * rounded), its outside stays as it is; masks are applied in order over what is drawn so far.
 */
export function drawBinaryMasksOn(surface: DrawingCanvas, binaryMasks: unknown, options: DrawBinaryMasksOptions): void {
  const { width, height } = surface;
  const masks = toMasks(binaryMasks, width, height);
  const count = masks.length;
  // MMEngine turns names into bytes with color_str2rgb: int(c * 255), truncated
  const colors = perItemColors(options.colors ?? 'g', count, `${WHERE}: colors`).map((c, i) => {
    if (c === null) throw new VisualizationError('BAD_COLOR', `${WHERE}: colors[${i}] cannot be 'none' for a mask`);
    return [Math.trunc(c[0] * 255), Math.trunc(c[1] * 255), Math.trunc(c[2] * 255)] as const;
  });
  const alphas = perItem(options.alphas ?? 0.8, count, `${WHERE}: alphas`);
  alphas.forEach((a, i) => {
    if (typeof a !== 'number' || !(a >= 0 && a <= 1)) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `${WHERE}: alphas[${i}] should be a number in [0, 1], got ${describe(a)}`,
      );
    }
  });
  if (count === 0) return;
  const image = surface.toImage();
  const rgb = image.data;
  masks.forEach((mask, k) => {
    const alpha = alphas[k] as number;
    const color = colors[k] as readonly [number, number, number];
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] === 0) continue;
      for (let c = 0; c < 3; c++) {
        const o = p * 3 + c;
        rgb[o] = Math.round((rgb[o] as number) * (1 - alpha) + (color[c] as number) * alpha);
      }
    }
  });
  surface.putRgb(rgb);
}
