import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { BaseDataElement, LabelData } from '@eng/structures';
import { z } from 'zod';
import { DatasetError } from '../../errors';
import { BaseTransform, type Results } from '../base-transform';
import { type ImageArray, isImageArray } from './image-array';

/** mmpretrain's `PackInputs.DEFAULT_META_KEYS`. */
export const DEFAULT_META_KEYS: readonly string[] = [
  'sample_idx',
  'img_path',
  'ori_shape',
  'img_shape',
  'scale_factor',
  'flip',
  'flip_direction',
];

export interface PackInputsOptions {
  /** The key of the model's input. Default 'img'. */
  input_key?: string;
  /** Other keys to copy into the data sample as data fields. Default none. */
  algorithm_keys?: string[];
  /** Keys to copy into the data sample's metainfo. Default {@link DEFAULT_META_KEYS}. */
  meta_keys?: string[];
}

function labelValues(key: string, value: unknown, integer: boolean, results: Results): number[] {
  const values =
    typeof value === 'number'
      ? [value]
      : Array.isArray(value) || ArrayBuffer.isView(value)
        ? Array.from(value as ArrayLike<number>, Number)
        : null;
  if (values === null || values.some((v) => !Number.isFinite(v) || (integer && !Number.isInteger(v)))) {
    const idx = results.sample_idx !== undefined ? ` (sample_idx ${String(results.sample_idx)})` : '';
    throw new DatasetError(
      'BAD_RECORD',
      `PackInputs: results.${key}${idx} should be ${integer ? 'an integer or a list of integers' : 'a number or a list of numbers'}, got ${describe(value)}`,
    );
  }
  return values;
}

/**
 * mmpretrain's `PackInputs`: `{ inputs, data_samples }` for a model. `inputs` is `results[input_key]` as it is (a
 * channels-last {@link ImageArray}, or a list of them; tensors are made on the main thread later); `data_samples`
 * is a `BaseDataElement` with `meta_keys` as metainfo, `gt_label` as a `LabelData` with `label` (a list of class
 * indices) and `score` (from `gt_score`), `mask` and `algorithm_keys` as data fields. All other keys are dropped.
 *
 * @example
 * const { data_samples } = new PackInputs().transform({ img: { data: new Uint8Array(3), height: 1, width: 1, channels: 3 }, gt_label: 2 });
 * data_samples.gt_label.label; // [2]
 */
export class PackInputs extends BaseTransform {
  static readonly optionsSchema = optionsSchema<PackInputsOptions>({
    input_key: z.string().optional(),
    algorithm_keys: z.array(z.string()).optional(),
    meta_keys: z.array(z.string()).optional(),
  } satisfies ShapeOf<PackInputsOptions>);

  static readonly DEFAULT_META_KEYS = DEFAULT_META_KEYS;

  readonly input_key: string;
  readonly algorithm_keys: readonly string[];
  readonly meta_keys: readonly string[];

  constructor(options: PackInputsOptions = {}) {
    super();
    const { input_key = 'img', algorithm_keys = [], meta_keys = DEFAULT_META_KEYS } = options;
    this.input_key = input_key;
    this.algorithm_keys = [...algorithm_keys];
    this.meta_keys = [...meta_keys];
  }

  transform(results: Results): { inputs?: ImageArray | ImageArray[]; data_samples: BaseDataElement } {
    const packed: { inputs?: ImageArray | ImageArray[]; data_samples: BaseDataElement } = {
      data_samples: new BaseDataElement(),
    };
    if (this.input_key in results) {
      const input = results[this.input_key];
      const ok = isImageArray(input) || (Array.isArray(input) && input.every(isImageArray));
      if (!ok) {
        throw new DatasetError(
          'BAD_RECORD',
          `PackInputs: results.${this.input_key} should be an image ({ data, height, width, channels }) or a list of images, got ${describe(input)}`,
        );
      }
      packed.inputs = input as ImageArray | ImageArray[];
    }
    const sample = packed.data_samples;
    if ('gt_label' in results || 'gt_score' in results) {
      const label = new LabelData();
      if ('gt_label' in results) label.label = labelValues('gt_label', results.gt_label, true, results);
      if ('gt_score' in results) label.score = labelValues('gt_score', results.gt_score, false, results);
      sample.gt_label = label;
    }
    if ('mask' in results) sample.mask = results.mask;
    for (const key of this.algorithm_keys) if (key in results) sample.setField(results[key], key, 'data');
    const meta: Record<string, unknown> = {};
    for (const key of this.meta_keys) if (key in results) meta[key] = results[key];
    sample.setMetainfo(meta);
    return packed;
  }
}
