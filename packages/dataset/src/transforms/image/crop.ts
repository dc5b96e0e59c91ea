import { describe } from '@eng/internal';
import { printLog } from '@eng/logging';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { TRANSFORMS, withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../../errors';
import { BaseTransform, type Results, type TransformContext } from '../base-transform';
import { badOption, checkChoice, imageAt, padValues, pyRound, sizePair } from './common';
import { isCoords, shiftBoxes, shiftKeypoints } from './geometry';
import { type ImageArray, isImageArray } from './image-array';
import { cropImage, type PaddingMode, padImage } from './kernels';
import { PADDING_MODES } from './pad';

export interface RandomCropOptions {
  /** The crop's `[h, w]` (mmpretrain's order), or one number for a square. */
  crop_size: number | [number, number];
  /** Constant padding on each border first: a number, `[left/right, top/bottom]` or `[left, top, right, bottom]`. */
  padding?: number | [number, number] | [number, number, number, number] | null;
  /** Pad (evenly, with `padding_mode`) an image smaller than the crop. Default false. */
  pad_if_needed?: boolean;
  /** The constant fill: one number or one per channel. Default 0. */
  pad_val?: number | number[];
  /** The mode of `pad_if_needed`'s padding. Default 'constant'. */
  padding_mode?: PaddingMode;
}

const padModeSchema = z.enum(['constant', 'edge', 'reflect', 'symmetric']);

function paddingOf(
  owner: string,
  p: RandomCropOptions['padding'],
): { left: number; top: number; right: number; bottom: number } {
  if (typeof p === 'number') return { left: p, top: p, right: p, bottom: p };
  if (Array.isArray(p) && p.length === 2) return { left: p[0], top: p[1], right: p[0], bottom: p[1] };
  if (Array.isArray(p) && p.length === 4) return { left: p[0], top: p[1], right: p[2], bottom: p[3] };
  throw badOption(owner, `padding should be a number or 2 or 4 numbers, got ${describe(p)}`);
}

/**
 * mmpretrain's `RandomCrop`: crops `img` at a random place (from the sample's stream), after an optional constant
 * `padding` and, with `pad_if_needed`, padding up to the crop size. Sets `img_shape` `[h, w]`.
 *
 * @example
 * new RandomCrop({ crop_size: 32, padding: 4 }); // CIFAR's augmentation
 */
export class RandomCrop extends BaseTransform {
  static readonly optionsSchema = optionsSchema<RandomCropOptions>({
    crop_size: z.union([z.number(), z.tuple([z.number(), z.number()])]),
    padding: z
      .union([z.number(), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number(), z.number(), z.number()])])
      .nullable()
      .optional(),
    pad_if_needed: z.boolean().optional(),
    pad_val: z.union([z.number(), z.array(z.number())]).optional(),
    padding_mode: padModeSchema.optional(),
  } satisfies ShapeOf<RandomCropOptions>);

  /** `[h, w]`. */
  readonly crop_size: [number, number];
  readonly padding: RandomCropOptions['padding'];
  readonly pad_if_needed: boolean;
  readonly pad_val: number | number[];
  readonly padding_mode: PaddingMode;

  constructor(options: RandomCropOptions) {
    super();
    const {
      crop_size,
      padding = null,
      pad_if_needed = false,
      pad_val = 0,
      padding_mode = 'constant',
    } = options ?? ({} as RandomCropOptions);
    this.crop_size = sizePair('RandomCrop', 'crop_size', crop_size);
    if (padding != null) paddingOf('RandomCrop', padding);
    this.padding = padding;
    this.pad_if_needed = pad_if_needed;
    this.pad_val = pad_val;
    this.padding_mode = checkChoice('RandomCrop', 'padding_mode', padding_mode, PADDING_MODES);
  }

  /** `[offset_h, offset_w, target_h, target_w]` for an image of `h` x `w` (mmpretrain's `rand_crop_params`). */
  randCropParams(h: number, w: number, context?: TransformContext): [number, number, number, number] {
    let [th, tw] = this.crop_size;
    if (w === tw && h === th) return [0, 0, h, w];
    if (w < tw || h < th) {
      tw = Math.min(w, tw);
      th = Math.min(h, th);
    }
    const random = this.randomOf(context);
    const oh = random.randint(0, h - th + 1);
    const ow = random.randint(0, w - tw + 1);
    return [oh, ow, th, tw];
  }

  transform(results: Results, context?: TransformContext): Results {
    let img = imageAt('RandomCrop', results);
    if (this.padding != null) {
      // mmpretrain pads here with a constant whatever padding_mode says.
      img = padImage(
        img,
        paddingOf('RandomCrop', this.padding),
        'constant',
        padValues('RandomCrop', this.pad_val, img.channels),
      );
    }
    if (this.pad_if_needed) {
      const hp = Math.ceil(Math.max(0, this.crop_size[0] - img.height) / 2);
      const wp = Math.ceil(Math.max(0, this.crop_size[1] - img.width) / 2);
      img = padImage(
        img,
        { left: wp, top: hp, right: wp, bottom: hp },
        this.padding_mode,
        padValues('RandomCrop', this.pad_val, img.channels),
      );
    }
    const [oh, ow, th, tw] = this.randCropParams(img.height, img.width, context);
    const cropped = cropImage(img, ow, oh, ow + tw - 1, oh + th - 1);
    return { ...results, img: cropped, img_shape: [cropped.height, cropped.width] };
  }
}

export interface CenterCropOptions {
  /** The crop's `[w, h]` (mmcv's order), or one number for a square. */
  crop_size: number | [number, number];
  /** Pad an image smaller than the crop (with `pad_cfg`) instead of cropping less. Default false. */
  auto_pad?: boolean;
  /** The padding transform's config; its `size` is set from the crop. Default `{ type: 'Pad' }`. */
  pad_cfg?: Record<string, unknown>;
  /** Clip the shifted boxes to the crop. Default true. */
  clip_object_border?: boolean;
}

/**
 * mmcv's `CenterCrop`: crops the centre of `img` and shifts `gt_seg_map`, `gt_bboxes` and `gt_keypoints` with it
 * (keypoints that fall outside become invisible). Sets `img_shape` and `pad_shape`.
 *
 * @example
 * const out = new CenterCrop({ crop_size: 2 }).transform({ img: { data: new Uint8Array(16), height: 4, width: 4, channels: 1 } });
 * out.img_shape; // [2, 2]
 */
export class CenterCrop extends BaseTransform {
  static readonly optionsSchema = optionsSchema<CenterCropOptions>({
    crop_size: z.union([z.number(), z.tuple([z.number(), z.number()])]),
    auto_pad: z.boolean().optional(),
    pad_cfg: z.record(z.string(), z.unknown()).optional(),
    clip_object_border: z.boolean().optional(),
  } satisfies ShapeOf<CenterCropOptions>);

  /** `[w, h]`. */
  readonly crop_size: [number, number];
  readonly auto_pad: boolean;
  readonly pad_cfg: Record<string, unknown>;
  readonly clip_object_border: boolean;

  constructor(options: CenterCropOptions) {
    super();
    const {
      crop_size,
      auto_pad = false,
      pad_cfg = { type: 'Pad' },
      clip_object_border = true,
    } = options ?? ({} as CenterCropOptions);
    this.crop_size = sizePair('CenterCrop', 'crop_size', crop_size);
    this.auto_pad = auto_pad;
    this.pad_cfg = { ...pad_cfg };
    if ('size' in this.pad_cfg && auto_pad) {
      printLog('CenterCrop: `size` is set in `pad_cfg`, but it is overwritten from the crop size and the image size', {
        logger: 'current',
        level: 'WARNING',
      });
    }
    this.clip_object_border = clip_object_border;
  }

  transform(results: Results): Results {
    let [cw, ch] = this.crop_size;
    let img = imageAt('CenterCrop', results);
    let ih = img.height;
    let iw = img.width;
    let out: Results = { ...results };
    if (ch > ih || cw > iw) {
      if (this.auto_pad) {
        ih = Math.max(ih, ch);
        iw = Math.max(iw, cw);
        const pad = withConfigPath('pad_cfg', () => TRANSFORMS.build({ ...this.pad_cfg, size: [iw, ih] }));
        const padded = pad.transform(out);
        if (padded === null || padded instanceof Promise) {
          throw new DatasetError(
            'BAD_TRANSFORM',
            'CenterCrop: the pad_cfg transform should return results synchronously',
          );
        }
        out = padded;
        img = imageAt('CenterCrop', out);
      } else {
        ch = Math.min(ch, ih);
        cw = Math.min(cw, iw);
      }
    }
    const y1 = Math.max(0, pyRound((ih - ch) / 2));
    const x1 = Math.max(0, pyRound((iw - cw) / 2));
    const y2 = Math.min(ih, y1 + ch) - 1;
    const x2 = Math.min(iw, x1 + cw) - 1;
    const cropped = cropImage(img, x1, y1, x2, y2);
    out.img = cropped;
    out.img_shape = [cropped.height, cropped.width];
    out.pad_shape = [cropped.height, cropped.width];
    const seg = out.gt_seg_map;
    if (seg != null) {
      if (!isImageArray(seg)) imageAt('CenterCrop', out, 'gt_seg_map');
      out.gt_seg_map = cropImage(seg as ImageArray, x1, y1, x2, y2);
    }
    const boxes = out.gt_bboxes;
    if (boxes != null && isCoords(boxes)) {
      out.gt_bboxes = shiftBoxes(boxes, x1, y1, this.clip_object_border, cropped.width, cropped.height);
    }
    const kps = out.gt_keypoints;
    if (kps != null && isCoords(kps)) out.gt_keypoints = shiftKeypoints(kps, x1, y1, cropped.width, cropped.height);
    return out;
  }
}
