import {
  BaseTransform,
  DatasetError,
  DEFAULT_META_KEYS,
  type ImageArray,
  isImageArray,
  type Results,
} from '@eng/dataset';
import { BaseDataElement, InstanceData } from '@eng/structures';

export interface PackDetInputsOptions {
  /** Keys copied into the data sample's metainfo. Default mmdet's (those present). */
  meta_keys?: string[];
}

/**
 * mmdet's `PackDetInputs`: `{ inputs, data_samples }` for a detector. `inputs` is the image; `data_samples` is a
 * `BaseDataElement` whose `gt_instances` is an `InstanceData` with `bboxes` (`[N, 4]` arrays, pixels) and `labels`,
 * and whose metainfo holds `meta_keys`.
 *
 * @example
 * pipeline: [{ type: 'RandomFlip', prob: 0.5 }, { type: 'PackDetInputs' }]
 */
export class PackDetInputs extends BaseTransform {
  readonly metaKeys: readonly string[];

  constructor(options: PackDetInputsOptions = {}) {
    super();
    this.metaKeys = options.meta_keys ?? DEFAULT_META_KEYS;
  }

  transform(results: Results): { inputs: ImageArray; data_samples: BaseDataElement } {
    const img = results.img;
    if (!isImageArray(img)) {
      throw new DatasetError(
        'BAD_RECORD',
        'PackDetInputs: results.img should be an image ({ data, height, width, channels })',
      );
    }
    const bboxes = (results.gt_bboxes ?? []) as ArrayLike<ArrayLike<number>>;
    const labels = (results.gt_labels ?? []) as ArrayLike<number>;
    if (bboxes.length !== labels.length) {
      throw new DatasetError(
        'BAD_RECORD',
        `PackDetInputs: ${bboxes.length} gt_bboxes but ${labels.length} gt_labels (sample_idx ${String(results.sample_idx)})`,
      );
    }
    const meta: Record<string, unknown> = {};
    for (const key of this.metaKeys) if (key in results) meta[key] = results[key];
    const sample = new BaseDataElement({ metainfo: meta });
    sample.gt_instances = new InstanceData({
      bboxes: Array.from(bboxes, (b) => Array.from(b, Number)),
      labels: Array.from(labels, Number),
    });
    return { inputs: img, data_samples: sample };
  }
}
