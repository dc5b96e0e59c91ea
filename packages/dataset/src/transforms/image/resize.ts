import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { TRANSFORMS, withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../../errors';
import { BaseTransform, type Results, type TransformContext, type TransformOutput } from '../base-transform';
import { badOption, checkChoice, imageAt, sizePair } from './common';
import { isCoords, scaleBoxes, scaleKeypoints } from './geometry';
import { type ImageArray, isImageArray } from './image-array';
import { resizeBilinear, resizeNearest } from './kernels';

export type Interpolation = 'bilinear' | 'nearest';
export const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

export interface ResizeOptions {
  /** Target `[w, h]` (a number for both); with `keep_ratio` the long and short edge limits. */
  scale?: number | [number, number] | null;
  /** Factor(s) `[w, h]` applied to the image size when `scale` is not given. */
  scale_factor?: number | [number, number] | null;
  /** Keep the aspect ratio: the largest size within `scale`'s long and short edges. Default false. */
  keep_ratio?: boolean;
  /** Clip resized boxes and keypoints to the image. Default true. */
  clip_object_border?: boolean;
  /** mmcv's resize backend; only 'cv2' (whose arithmetic the kernels follow). */
  backend?: 'cv2';
  /** Default 'bilinear' (cv2 INTER_LINEAR); 'nearest' (INTER_NEAREST). */
  interpolation?: Interpolation;
}

const pair = z.tuple([z.number(), z.number()]);
const resizeShape = {
  scale: z.union([z.number(), pair]).nullable().optional(),
  scale_factor: z.union([z.number(), pair]).nullable().optional(),
  keep_ratio: z.boolean().optional(),
  clip_object_border: z.boolean().optional(),
  backend: z.literal('cv2').optional(),
  interpolation: z.enum(['bilinear', 'nearest']).optional(),
} satisfies ShapeOf<ResizeOptions>;

/** mmcv `_scale_size`: `(w, h)` scaled and rounded half up. */
function scaleSize(size: [number, number], factor: [number, number]): [number, number] {
  return [Math.trunc(size[0] * factor[0] + 0.5), Math.trunc(size[1] * factor[1] + 0.5)];
}

/** mmcv `rescale_size` with a `(long, short)` limit: the size and factor that fit the image inside it. */
function rescaleSize(w: number, h: number, scale: [number, number]): [number, number] {
  const long = Math.max(...scale);
  const short = Math.min(...scale);
  const factor = Math.min(long / Math.max(h, w), short / Math.min(h, w));
  return scaleSize([w, h], [factor, factor]);
}

function resizeWith(img: ImageArray, w: number, h: number, interpolation: Interpolation): ImageArray {
  if (w <= 0 || h <= 0) {
    throw new DatasetError(
      'BAD_IMAGE',
      `Resize: the target size ${w}x${h} of a ${img.width}x${img.height} image is empty`,
    );
  }
  return interpolation === 'nearest' ? resizeNearest(img, w, h) : resizeBilinear(img, w, h);
}

/**
 * mmcv's `Resize`: resizes `img` to `scale` (or by `scale_factor`), and `gt_bboxes`, `gt_keypoints` (by the same
 * factors) and `gt_seg_map` (nearest) with it. Records `scale` `[w, h]`, `scale_factor` `[w_scale, h_scale]`,
 * `keep_ratio` and `img_shape` `[h, w]`.
 *
 * @example
 * const out = new Resize({ scale: [4, 2] }).transform({ img: { data: new Uint8Array(8 * 8 * 3), height: 8, width: 8, channels: 3 } });
 * out.img_shape; // [2, 4]
 */
export class Resize extends BaseTransform {
  static readonly optionsSchema = optionsSchema<ResizeOptions>(resizeShape);

  /** The target `[w, h]`; RandomResize sets it per sample. */
  scale: [number, number] | null;
  readonly scale_factor: [number, number] | null;
  readonly keep_ratio: boolean;
  readonly clip_object_border: boolean;
  readonly interpolation: Interpolation;

  constructor(options: ResizeOptions = {}) {
    super();
    const {
      scale = null,
      scale_factor = null,
      keep_ratio = false,
      clip_object_border = true,
      backend = 'cv2',
      interpolation = 'bilinear',
    } = options;
    if (scale == null && scale_factor == null)
      throw badOption('Resize', '`scale` and `scale_factor` cannot both be null');
    checkChoice('Resize', 'backend', backend, ['cv2'] as const);
    this.interpolation = checkChoice('Resize', 'interpolation', interpolation, INTERPOLATIONS);
    this.scale = scale == null ? null : sizePair('Resize', 'scale', scale, true);
    this.scale_factor = scale_factor == null ? null : sizePair('Resize', 'scale_factor', scale_factor);
    this.keep_ratio = keep_ratio;
    this.clip_object_border = clip_object_border;
  }

  transform(results: Results): Results {
    // As mmcv, a fixed scale without an image only records the scale.
    if (this.scale && results.img == null) return { ...results, scale: [...this.scale] };
    const img = imageAt('Resize', results);
    const scale: [number, number] = this.scale
      ? [...this.scale]
      : scaleSize([img.width, img.height], this.scale_factor as [number, number]);
    return this.resizeTo(results, scale);
  }

  /** Resizes for the target `scale` (`[w, h]`, or the edge limits under `keep_ratio`). */
  resizeTo(results: Results, scale: [number, number]): Results {
    const out: Results = { ...results, scale };
    if (results.img == null) return out;
    const img = imageAt('Resize', results);
    const [w, h] = this.keep_ratio ? rescaleSize(img.width, img.height, scale) : scale;
    const resized = resizeWith(img, w, h, this.interpolation);
    const wScale = w / img.width;
    const hScale = h / img.height;
    out.img = resized;
    out.img_shape = [h, w];
    out.scale_factor = [wScale, hScale];
    out.keep_ratio = this.keep_ratio;
    const boxes = results.gt_bboxes;
    if (boxes != null) {
      if (!isCoords(boxes)) throw badCoords('gt_bboxes', boxes);
      out.gt_bboxes = scaleBoxes(boxes, wScale, hScale, this.clip_object_border, w, h);
    }
    const seg = results.gt_seg_map;
    if (seg != null) {
      if (!isImageArray(seg)) imageAt('Resize', results, 'gt_seg_map');
      const s = seg as ImageArray;
      const [sw, sh] = this.keep_ratio ? rescaleSize(s.width, s.height, scale) : scale;
      out.gt_seg_map = resizeWith(s, sw, sh, 'nearest');
    }
    const kps = results.gt_keypoints;
    if (kps != null) {
      if (!isCoords(kps)) throw badCoords('gt_keypoints', kps);
      out.gt_keypoints = scaleKeypoints(kps, wScale, hScale, this.clip_object_border, w, h);
    }
    return out;
  }
}

function badCoords(key: string, value: unknown): DatasetError {
  return new DatasetError(
    'BAD_RECORD',
    `results.${key} should be a Float32Array or nested number arrays, got ${describe(value)}`,
  );
}

export interface RandomResizeOptions extends Omit<ResizeOptions, 'scale' | 'scale_factor'> {
  /** `[w, h]` scaled by a ratio drawn from `ratio_range`, or `[[w0, h0], [w1, h1]]`: each edge drawn in its range. */
  scale: [number, number] | [[number, number], [number, number]];
  /** `[min, max]` of the ratio (with a single `scale`). */
  ratio_range?: [number, number] | null;
  /** The registered resize transform to use (it needs a settable `scale` and a `transform`). Default 'Resize'. */
  resize_type?: string;
}

/**
 * mmcv's `RandomResize`: draws a target scale per sample (from the sample's stream) and resizes with `Resize` (or
 * `resize_type`), passing it the other options (`keep_ratio`, `interpolation`, ...).
 *
 * @example
 * const rr = new RandomResize({ scale: [8, 8], ratio_range: [0.5, 1], keep_ratio: true });
 */
export class RandomResize extends BaseTransform {
  static readonly optionsSchema = optionsSchema<RandomResizeOptions>({
    scale: z.union([pair, z.tuple([pair, pair])]),
    ratio_range: pair.nullable().optional(),
    resize_type: z.string().optional(),
    keep_ratio: resizeShape.keep_ratio,
    clip_object_border: resizeShape.clip_object_border,
    backend: resizeShape.backend,
    interpolation: resizeShape.interpolation,
  } satisfies ShapeOf<RandomResizeOptions>);

  readonly scale: RandomResizeOptions['scale'];
  readonly ratio_range: [number, number] | null;
  readonly resize: BaseTransform & { scale: unknown };

  constructor(options: RandomResizeOptions) {
    super();
    const { scale, ratio_range = null, resize_type = 'Resize', ...resizeKwargs } = options;
    const isPair = (v: unknown): v is [number, number] =>
      Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
    if (isPair(scale)) {
      if (!isPair(ratio_range) || ratio_range[0] > ratio_range[1]) {
        throw badOption(
          'RandomResize',
          `a single scale needs ratio_range [min, max] with min <= max, got ${describe(ratio_range)}`,
        );
      }
    } else if (!(Array.isArray(scale) && scale.length === 2 && scale.every(isPair))) {
      throw badOption('RandomResize', `scale should be [w, h] or [[w0, h0], [w1, h1]], got ${describe(scale)}`);
    }
    this.scale = scale;
    this.ratio_range = ratio_range;
    this.resize =
      resize_type === 'Resize'
        ? new Resize({ scale: 0, ...resizeKwargs })
        : (withConfigPath('resize_type', () =>
            TRANSFORMS.build({ type: resize_type, scale: 0, ...resizeKwargs }),
          ) as BaseTransform & { scale: unknown });
  }

  /** The scale for one sample, drawn as mmcv's `_random_scale` does. */
  randomScale(context?: TransformContext): [number, number] {
    const random = this.randomOf(context);
    const s = this.scale;
    if (typeof s[0] === 'number') {
      const [lo, hi] = this.ratio_range as [number, number];
      const ratio = random.random() * (hi - lo) + lo;
      return [Math.trunc((s[0] as number) * ratio), Math.trunc((s[1] as number) * ratio)];
    }
    const [a, b] = s as [[number, number], [number, number]];
    const edge0 = random.randint(Math.min(a[0], b[0]), Math.max(a[0], b[0]) + 1);
    const edge1 = random.randint(Math.min(a[1], b[1]), Math.max(a[1], b[1]) + 1);
    return [edge0, edge1];
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    const scale = this.randomScale(context);
    if (this.resize instanceof Resize) return this.resize.resizeTo(results, scale);
    this.resize.scale = scale;
    return this.resize.transform({ ...results, scale }, context);
  }
}
