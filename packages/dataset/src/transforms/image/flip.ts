import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { DatasetError } from '../../errors';
import { BaseTransform, type Results, type TransformContext } from '../base-transform';
import { badOption, imageAt } from './common';
import { flipBoxes, flipKeypoints, isCoords } from './geometry';
import { type ImageArray, isImageArray } from './image-array';
import { type FlipDirection, flipImage } from './kernels';

export const FLIP_DIRECTIONS: readonly FlipDirection[] = ['horizontal', 'vertical', 'diagonal'];

export interface RandomFlipOptions {
  /** The probability of flipping, split evenly among `direction`s, or one probability per direction. */
  prob: number | number[];
  /** Default 'horizontal'. */
  direction?: FlipDirection | FlipDirection[];
  /** Label pairs of `gt_seg_map` to swap after a flip (left/right arm). */
  swap_seg_labels?: Array<[number, number]> | null;
}

const directionSchema = z.enum(['horizontal', 'vertical', 'diagonal']);

/**
 * mmcv's `RandomFlip`: flips `img`, `gt_bboxes`, `gt_keypoints` and `gt_seg_map` with probability `prob` in one of
 * `direction` (drawn from the sample's stream); records `flip` and `flip_direction` (null when not flipped).
 *
 * @example
 * new RandomFlip({ prob: 1, direction: 'vertical' }); // always flips upside down
 */
export class RandomFlip extends BaseTransform {
  static readonly optionsSchema = optionsSchema<RandomFlipOptions>({
    prob: z.union([z.number(), z.array(z.number())]),
    direction: z.union([directionSchema, z.array(directionSchema)]).optional(),
    swap_seg_labels: z
      .array(z.tuple([z.number(), z.number()]))
      .nullable()
      .optional(),
  } satisfies ShapeOf<RandomFlipOptions>);

  readonly prob: number | number[];
  readonly direction: FlipDirection | FlipDirection[];
  readonly swap_seg_labels: Array<[number, number]> | null;
  private readonly _choices: Array<FlipDirection | null>;
  private readonly _cumulative: number[];

  constructor(options: RandomFlipOptions) {
    super();
    const { prob, direction = 'horizontal', swap_seg_labels = null } = options ?? ({} as RandomFlipOptions);
    const dirs = Array.isArray(direction) ? direction : [direction];
    for (const d of dirs) {
      if (!FLIP_DIRECTIONS.includes(d)) {
        throw badOption('RandomFlip', `direction should be one of ${FLIP_DIRECTIONS.join(', ')}, got ${describe(d)}`);
      }
    }
    let probs: number[];
    if (Array.isArray(prob)) {
      const sum = prob.reduce((a, b) => a + b, 0);
      if (prob.some((p) => typeof p !== 'number' || p < 0) || sum > 1 + 1e-9) {
        throw badOption(
          'RandomFlip',
          `prob should be non-negative numbers summing to at most 1, got ${describe(prob)}`,
        );
      }
      if (!Array.isArray(direction) || prob.length !== direction.length) {
        throw badOption(
          'RandomFlip',
          `a list of prob needs a list of direction of the same length, got ${prob.length} probs and direction ${describe(direction)}`,
        );
      }
      probs = [...prob];
    } else if (typeof prob === 'number' && prob >= 0 && prob <= 1) {
      probs = dirs.map(() => prob / dirs.length);
    } else {
      throw badOption('RandomFlip', `prob should be a number in [0, 1] or a list of them, got ${describe(prob)}`);
    }
    this.prob = prob;
    this.direction = direction;
    this.swap_seg_labels = swap_seg_labels;
    this._choices = [...dirs, null];
    let acc = 0;
    this._cumulative = probs.map((p) => (acc += p));
  }

  /** The direction for one sample (null: no flip), drawn as `np.random.choice(directions + [None], p)` does. */
  chooseDirection(context?: TransformContext): FlipDirection | null {
    const u = this.randomOf(context).random();
    const i = this._cumulative.findIndex((c) => u < c);
    return i < 0 ? null : (this._choices[i] as FlipDirection);
  }

  transform(results: Results, context?: TransformContext): Results {
    const direction = this.chooseDirection(context);
    if (direction === null) return { ...results, flip: false, flip_direction: null };
    return flipResults({ ...results, flip: true, flip_direction: direction }, direction, this.swap_seg_labels);
  }
}

/** Flips the image and its annotations of `results` (a copy) in `direction`. */
export function flipResults(
  results: Results,
  direction: FlipDirection,
  swapSegLabels: Array<[number, number]> | null = null,
): Results {
  const img = flipImage(imageAt('RandomFlip', results), direction);
  results.img = img;
  const { width: w, height: h } = img;
  const boxes = results.gt_bboxes;
  if (boxes != null) {
    if (!isCoords(boxes)) throw new DatasetError('BAD_RECORD', `RandomFlip: bad gt_bboxes ${describe(boxes)}`);
    results.gt_bboxes = flipBoxes(boxes, direction, w, h);
  }
  const kps = results.gt_keypoints;
  if (kps != null) {
    if (!isCoords(kps)) throw new DatasetError('BAD_RECORD', `RandomFlip: bad gt_keypoints ${describe(kps)}`);
    results.gt_keypoints = flipKeypoints(kps, direction, w, h);
  }
  const seg = results.gt_seg_map;
  if (seg != null) {
    if (!isImageArray(seg)) imageAt('RandomFlip', results, 'gt_seg_map');
    const flipped = flipImage(seg as ImageArray, direction);
    if (swapSegLabels) {
      const before = flipped.data.slice();
      for (const [a, b] of swapSegLabels) {
        for (let i = 0; i < before.length; i++) {
          if (before[i] === a) flipped.data[i] = b;
          else if (before[i] === b) flipped.data[i] = a;
        }
      }
    }
    results.gt_seg_map = flipped;
    results.swap_seg_labels = swapSegLabels;
  }
  return results;
}
