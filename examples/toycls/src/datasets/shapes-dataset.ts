import { BaseDataset, type BaseDatasetOptions, type DataInfo, DatasetError, RandomStream } from '@eng/dataset';
import type { ImageArray } from '@eng/structures';
import { brightColor, darkColor, noisyImage, paint } from './raster';

/** The classes of {@link ShapesDataset}, in label order. */
export const SHAPE_CLASSES = ['square', 'circle', 'triangle', 'cross'] as const;

export interface ShapesDatasetOptions extends BaseDatasetOptions {
  /** How many images to generate. Default 1024. */
  num_samples?: number;
  /** Height and width of each image. Default 32. */
  img_size?: number;
  /** Seed of the generator: the same seed gives the same images. Default 0. */
  seed?: number;
  /** Background noise, as a fraction of 255. Default 0.1. */
  noise?: number;
}

type Inside = (x: number, y: number) => boolean;

/** The pixel test of shape `label` inside the square `[x1, y1, x1 + s, y1 + s]`. */
function shapeTest(label: number, x1: number, y1: number, s: number): Inside {
  const cx = x1 + s / 2;
  const cy = y1 + s / 2;
  switch (label) {
    case 0:
      return () => true;
    case 1:
      return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= (s / 2) ** 2;
    case 2:
      // apex at the top centre, base along the bottom edge
      return (x, y) => y >= y1 && y <= y1 + s && Math.abs(x - cx) <= ((y - y1) / s) * (s / 2);
    default: {
      const arm = s / 6;
      return (x, y) => Math.abs(x - cx) <= arm || Math.abs(y - cy) <= arm;
    }
  }
}

/**
 * Generated images of one shape each (a filled square, circle, triangle or cross in a bright colour, of random size
 * and position, on a dark noisy background), `img_size`×`img_size` RGB. The same `seed` always gives the same
 * images; nothing is downloaded. Each record is `{ img, gt_label, img_shape }`, so the core `PackInputs` packs it.
 *
 * @example
 * const ds = new ShapesDataset({ num_samples: 8, seed: 1, pipeline: [{ type: 'PackInputs' }] });
 * ds.getDataInfo(0).gt_label; // 0..3
 */
export class ShapesDataset extends BaseDataset {
  static override METAINFO: Record<string, unknown> = { classes: [...SHAPE_CLASSES] };

  readonly numSamples: number;
  readonly imgSize: number;
  readonly seed: number;
  readonly noise: number;

  constructor(options: ShapesDatasetOptions = {}) {
    const { num_samples = 1024, img_size = 32, seed = 0, noise = 0.1, ...rest } = options;
    super({ serialize_data: false, ...rest });
    if (!Number.isInteger(num_samples) || num_samples <= 0) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ShapesDataset: num_samples should be a positive integer, got ${num_samples}`,
      );
    }
    if (!Number.isInteger(img_size) || img_size < 8) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `ShapesDataset: img_size should be an integer of at least 8, got ${img_size}`,
      );
    }
    this.numSamples = num_samples;
    this.imgSize = img_size;
    this.seed = seed;
    this.noise = noise;
  }

  override loadDataList(): DataInfo[] {
    const random = new RandomStream(this.seed);
    const size = this.imgSize;
    return Array.from({ length: this.numSamples }, () => {
      const label = random.randint(0, SHAPE_CLASSES.length);
      const img: ImageArray = noisyImage(size, size, darkColor(random), this.noise, random);
      const s = random.uniform(0.35, 0.75) * size;
      const x1 = random.uniform(0, size - s);
      const y1 = random.uniform(0, size - s);
      paint(img, [x1, y1, x1 + s, y1 + s], brightColor(random), shapeTest(label, x1, y1, s));
      return { img, gt_label: label, img_shape: [size, size] };
    });
  }
}
