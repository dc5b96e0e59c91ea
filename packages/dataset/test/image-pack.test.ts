import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaseDataElement, LabelData } from '@eng/structures';
import { freshDir } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';
import { Compose, DEFAULT_META_KEYS, type ImageArray, PackInputs, type Results } from '../src';
import { imageOf, pngFromRgba, rgbaPattern } from './image-fixtures';

// What @eng/model's Classifier reads from a data sample: `gt_label`, a LabelData-like element whose `label` holds
// the class index (the two packages are checked together where they meet, in @eng/runner's training tests).
const labelsOf = (samples: readonly BaseDataElement[]) =>
  samples.map((s) => {
    const label = (s.gt_label as LabelData).label as number[];
    return label[0];
  });

describe('PackInputs', () => {
  const results = (): Results => ({
    img: imageOf([[[1, 2, 3]]]),
    gt_label: 3,
    sample_idx: 5,
    img_path: 'a.png',
    ori_shape: [1, 1],
    img_shape: [1, 1],
    flip: false,
    flip_direction: null,
    scale_factor: [1, 1],
    extra: 'dropped',
  });

  it("packs { inputs, data_samples } with mmpretrain's default meta keys", () => {
    expect(DEFAULT_META_KEYS).toEqual([
      'sample_idx',
      'img_path',
      'ori_shape',
      'img_shape',
      'scale_factor',
      'flip',
      'flip_direction',
    ]);
    const src = results();
    const packed = new PackInputs().transform(src);
    expect(Object.keys(packed).sort()).toEqual(['data_samples', 'inputs']);
    expect(packed.inputs).toBe(src.img); // channels-last typed image, no tensor
    const sample = packed.data_samples;
    expect(sample).toBeInstanceOf(BaseDataElement);
    expect(sample.metainfoKeys().sort()).toEqual([...DEFAULT_META_KEYS].sort());
    expect(sample.sample_idx).toBe(5);
    expect(sample.img_shape).toEqual([1, 1]);
    expect(sample.gt_label).toBeInstanceOf(LabelData);
    expect(sample.gt_label.label).toEqual([3]);
    expect(sample.keys()).not.toContain('extra');
  });

  it('gt_label is a LabelData with the class index, as the Classifier reads it', () => {
    const samples = [3, [7], Int32Array.from([1])].map(
      (gt_label) => new PackInputs().transform({ img: imageOf([[0]]), gt_label }).data_samples,
    );
    expect(samples.every((s) => s.gt_label instanceof LabelData)).toBe(true);
    expect(labelsOf(samples)).toEqual([3, 7, 1]);
  });

  it('gt_score, mask, algorithm_keys and custom meta_keys', () => {
    const packed = new PackInputs({ algorithm_keys: ['extra'], meta_keys: ['img_path', 'missing'] }).transform({
      ...results(),
      gt_score: [0.25, 0.75],
      mask: [1, 0],
    });
    const s = packed.data_samples;
    expect(s.gt_label.score).toEqual([0.25, 0.75]);
    expect(s.mask).toEqual([1, 0]);
    expect(s.extra).toBe('dropped');
    expect(s.metainfoKeys()).toEqual(['img_path']);
  });

  it('errors name the key', () => {
    expect(() => new PackInputs().transform({ img: [[1]] })).toThrow(/results\.img should be an image/);
    expect(() => new PackInputs().transform({ img: imageOf([[0]]), gt_label: 'cat', sample_idx: 2 })).toThrow(
      /results\.gt_label \(sample_idx 2\) should be an integer/,
    );
    expect(new PackInputs({ input_key: 'other' }).transform({ img: imageOf([[0]]) }).inputs).toBeUndefined();
  });

  it('a whole pipeline from a file builds from configs', async () => {
    const dir = freshDir('image-pack');
    const path = join(dir, 'x.png');
    writeFileSync(path, pngFromRgba(rgbaPattern(8, 6), 8, 6));
    const pipeline = new Compose([
      { type: 'LoadImageFromFile' },
      { type: 'Resize', scale: [4, 4] },
      { type: 'RandomFlip', prob: 1 },
      { type: 'Normalize', mean: [0, 0, 0], std: [255, 255, 255] },
      { type: 'PackInputs' },
    ]);
    const out = (await pipeline.transform({ img_path: path, gt_label: 1, sample_idx: 0 })) as {
      inputs: ImageArray;
      data_samples: BaseDataElement;
    };
    expect([out.inputs.height, out.inputs.width, out.inputs.channels]).toEqual([4, 4, 3]);
    expect(out.inputs.data).toBeInstanceOf(Float32Array);
    expect(out.data_samples.flip).toBe(true);
    expect(out.data_samples.ori_shape).toEqual([6, 8]);
    expect(out.data_samples.scale_factor).toEqual([0.5, 4 / 6]);
  });
});
