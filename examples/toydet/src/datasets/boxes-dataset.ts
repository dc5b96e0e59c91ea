import { BaseDataset, type BaseDatasetOptions, type DataInfo, DatasetError, RandomStream } from '@eng/dataset';
import { brightColor, darkColor, noisyImage, paint } from 'toycls';
import { boxIoU } from '../metrics/box-iou';

/** The classes of {@link BoxesDataset}, in label order. */
export const BOX_CLASSES = ['rectangle', 'ellipse'] as const;

export interface BoxesDatasetOptions extends BaseDatasetOptions {
  /** How many images to generate. Default 1024. */
  num_samples?: number;
  /** Height and width of each image. Default 48. */
  img_size?: number;
  /** Seed of the generator: the same seed gives the same images. Default 0. */
  seed?: number;
  /** Objects per image, drawn uniformly from `[min, max]`. Default [1, 3]. */
  num_objects?: [number, number];
  /** Sides of an object in pixels, each drawn uniformly from `[min, max]`. Default [8, 20]. */
  object_size?: [number, number];
  /** Background noise, as a fraction of 255. Default 0.1. */
  noise?: number;
}

/**
 * Generated detection images: 1-3 filled rectangles and ellipses of random bright colours on a dark noisy background,
 * `img_size`×`img_size` RGB, with their boxes (`gt_bboxes`, pixels, x1 y1 x2 y2, integer corners) and classes
 * (`gt_labels`: 0 rectangle, 1 ellipse). Objects overlap little (IoU below 0.1). The same `seed` always gives the
 * same images.
 *
 * @example
 * const ds = new BoxesDataset({ num_samples: 4, seed: 3 });
 * ds.getDataInfo(0).gt_bboxes; // [[x1, y1, x2, y2], ...]
 */
export class BoxesDataset extends BaseDataset {
  static override METAINFO: Record<string, unknown> = { classes: [...BOX_CLASSES] };

  readonly numSamples: number;
  readonly imgSize: number;
  readonly seed: number;
  readonly numObjects: [number, number];
  readonly objectSize: [number, number];
  readonly noise: number;

  constructor(options: BoxesDatasetOptions = {}) {
    const {
      num_samples = 1024,
      img_size = 48,
      seed = 0,
      num_objects = [1, 3],
      object_size = [8, 20],
      noise = 0.1,
      ...rest
    } = options;
    super({ serialize_data: false, ...rest });
    if (!Number.isInteger(num_samples) || num_samples <= 0) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `BoxesDataset: num_samples should be a positive integer, got ${num_samples}`,
      );
    }
    if (!(object_size[0] >= 2 && object_size[1] >= object_size[0] && object_size[1] <= img_size)) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `BoxesDataset: object_size should be [min, max] with 2 <= min <= max <= img_size (${img_size}), got [${object_size.join(', ')}]`,
      );
    }
    if (!(num_objects[0] >= 1 && num_objects[1] >= num_objects[0])) {
      throw new DatasetError('BAD_OPTIONS', `BoxesDataset: num_objects should be [min, max] with 1 <= min <= max`);
    }
    this.numSamples = num_samples;
    this.imgSize = img_size;
    this.seed = seed;
    this.numObjects = num_objects;
    this.objectSize = object_size;
    this.noise = noise;
  }

  override loadDataList(): DataInfo[] {
    const random = new RandomStream(this.seed);
    const size = this.imgSize;
    const [minObj, maxObj] = this.numObjects;
    const [minSide, maxSide] = this.objectSize;
    return Array.from({ length: this.numSamples }, () => {
      const img = noisyImage(size, size, darkColor(random), this.noise, random);
      const wanted = random.randint(minObj, maxObj + 1);
      const bboxes: number[][] = [];
      const labels: number[] = [];
      for (let tries = 0; bboxes.length < wanted && tries < 50; tries++) {
        const w = random.randint(minSide, maxSide + 1);
        const h = random.randint(minSide, maxSide + 1);
        const x1 = random.randint(0, size - w + 1);
        const y1 = random.randint(0, size - h + 1);
        const box = [x1, y1, x1 + w, y1 + h];
        if (bboxes.some((b) => boxIoU(b, box) > 0.1)) continue;
        const label = random.randint(0, BOX_CLASSES.length);
        const cx = x1 + w / 2;
        const cy = y1 + h / 2;
        const inside =
          label === 0
            ? () => true
            : (x: number, y: number) => ((x - cx) / (w / 2)) ** 2 + ((y - cy) / (h / 2)) ** 2 <= 1;
        paint(img, [x1, y1, x1 + w, y1 + h], brightColor(random), inside);
        bboxes.push(box);
        labels.push(label);
      }
      return { img, gt_bboxes: bboxes, gt_labels: labels, img_shape: [size, size] };
    });
  }
}
