import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { BaseTransform, type Results } from '../base-transform';
import { badOption, checkChoice, imageAt, padValues, sizePair } from './common';
import { type ImageArray, isImageArray } from './image-array';
import { type PaddingMode, padImage } from './kernels';

export const PADDING_MODES: readonly PaddingMode[] = ['constant', 'edge', 'reflect', 'symmetric'];

export interface PadOptions {
  /** Pad to this `[w, h]`. */
  size?: [number, number] | null;
  /** Pad height and width up to multiples of this. */
  size_divisor?: number | null;
  /** Pad to a square of the longer edge (then `size_divisor` may round it up). Default false. */
  pad_to_square?: boolean;
  /** The constant fill: a number for the image (the seg map gets 255), or `{ img, seg }`. Default `{ img: 0, seg: 255 }`. */
  pad_val?: number | { img?: number | number[]; seg?: number | number[] };
  /** 'constant' (default), 'edge', 'reflect' (no edge repeat) or 'symmetric' (edge repeated). */
  padding_mode?: PaddingMode;
}

const padMode = z.enum(['constant', 'edge', 'reflect', 'symmetric']);

/**
 * mmcv's `Pad`: pads `img` (and `gt_seg_map`) at the bottom and right to `size`, to multiples of `size_divisor`, or
 * to a square. Records `pad_shape` (the padded shape, `[h, w, c]`, `[h, w]` for one channel), `pad_fixed_size`,
 * `pad_size_divisor` and `img_shape`.
 *
 * @example
 * const out = new Pad({ size_divisor: 4 }).transform({ img: { data: new Uint8Array(5 * 6), height: 5, width: 6, channels: 1 } });
 * out.img_shape; // [8, 8]
 */
export class Pad extends BaseTransform {
  static readonly optionsSchema = optionsSchema<PadOptions>({
    size: z.tuple([z.number(), z.number()]).nullable().optional(),
    size_divisor: z.number().nullable().optional(),
    pad_to_square: z.boolean().optional(),
    pad_val: z
      .union([
        z.number(),
        z.object({
          img: z.union([z.number(), z.array(z.number())]).optional(),
          seg: z.union([z.number(), z.array(z.number())]).optional(),
        }),
      ])
      .optional(),
    padding_mode: padMode.optional(),
  } satisfies ShapeOf<PadOptions>);

  readonly size: [number, number] | null;
  readonly size_divisor: number | null;
  readonly pad_to_square: boolean;
  readonly pad_val: { img: number | number[]; seg: number | number[] };
  readonly padding_mode: PaddingMode;

  constructor(options: PadOptions = {}) {
    super();
    const {
      size = null,
      size_divisor = null,
      pad_to_square = false,
      pad_val = { img: 0, seg: 255 },
      padding_mode = 'constant',
    } = options;
    if (pad_to_square) {
      if (size != null) throw badOption('Pad', 'size must be null when pad_to_square is true');
    } else if ((size == null) === (size_divisor == null)) {
      throw badOption(
        'Pad',
        `exactly one of size and size_divisor should be set, got size ${describe(size)} and size_divisor ${describe(size_divisor)}`,
      );
    }
    if (size_divisor != null && !(Number.isInteger(size_divisor) && size_divisor > 0)) {
      throw badOption('Pad', `size_divisor should be a positive integer, got ${describe(size_divisor)}`);
    }
    this.size = size == null ? null : sizePair('Pad', 'size', size);
    this.size_divisor = size_divisor;
    this.pad_to_square = pad_to_square;
    if (typeof pad_val !== 'number' && (typeof pad_val !== 'object' || pad_val === null || Array.isArray(pad_val))) {
      throw badOption('Pad', `pad_val should be a number or { img, seg }, got ${describe(pad_val)}`);
    }
    this.pad_val =
      typeof pad_val === 'number' ? { img: pad_val, seg: 255 } : { img: pad_val.img ?? 0, seg: pad_val.seg ?? 255 };
    this.padding_mode = checkChoice('Pad', 'padding_mode', padding_mode, PADDING_MODES);
  }

  /** The padded `[h, w]` of an image of `h` x `w`. */
  targetShape(h: number, w: number): [number, number] {
    let size: [number, number] | null = null;
    if (this.pad_to_square) {
      const m = Math.max(h, w);
      size = [m, m];
    }
    if (this.size_divisor != null) {
      const [bh, bw] = size ?? [h, w];
      const d = this.size_divisor;
      size = [Math.ceil(bh / d) * d, Math.ceil(bw / d) * d];
    } else if (this.size != null) {
      size = [this.size[1], this.size[0]];
    }
    return size ?? [h, w];
  }

  transform(results: Results): Results {
    const img = imageAt('Pad', results);
    const [th, tw] = this.targetShape(img.height, img.width);
    const padded = padTo(img, th, tw, this.padding_mode, padValues('Pad', this.pad_val.img, img.channels));
    const out: Results = {
      ...results,
      img: padded,
      pad_shape: padded.channels === 1 ? [padded.height, padded.width] : [padded.height, padded.width, padded.channels],
      pad_fixed_size: this.size,
      pad_size_divisor: this.size_divisor,
      img_shape: [padded.height, padded.width],
    };
    const seg = results.gt_seg_map;
    if (seg != null) {
      if (!isImageArray(seg)) imageAt('Pad', results, 'gt_seg_map');
      const s = seg as ImageArray;
      out.gt_seg_map = padTo(
        s,
        padded.height,
        padded.width,
        this.padding_mode,
        padValues('Pad', this.pad_val.seg, s.channels),
      );
    }
    return out;
  }
}

/** Pads at the bottom and right up to `h` x `w` (mmcv `impad(img, shape=...)`; never crops). */
export function padTo(img: ImageArray, h: number, w: number, mode: PaddingMode, padVal: number[]): ImageArray {
  return padImage(
    img,
    { top: 0, left: 0, bottom: Math.max(h - img.height, 0), right: Math.max(w - img.width, 0) },
    mode,
    padVal,
  );
}
