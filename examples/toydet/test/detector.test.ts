import { DefaultScope } from '@eng/registry';
import { BaseDataElement, InstanceData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BOX_CLASSES,
  BoxesDataset,
  type CenterOutputs,
  centerTargets,
  gaussianRadius,
  PackDetInputs,
  type TinyDetector,
  TOYDET_DATASETS,
  TOYDET_MODELS,
} from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

type Img = { data: Uint8Array; height: number; width: number; channels: number };

const detectorCfg = {
  type: 'TinyDetector',
  data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5, 127.5, 127.5], std: [64, 64, 64] },
  backbone: { type: 'toycls.SmallResNet', depth: 3, width: 4 },
  head: { type: 'CenterHead', num_classes: 2, feat_channels: 8, max_per_img: 5 },
};

function gtSample(bboxes: number[][], labels: number[]) {
  return new BaseDataElement({ gt_instances: new InstanceData({ bboxes, labels }) });
}

describe('BoxesDataset', () => {
  it('is deterministic and keeps every box inside the image', () => {
    const a = new BoxesDataset({ num_samples: 12, seed: 5 });
    const b = new BoxesDataset({ num_samples: 12, seed: 5 });
    for (let i = 0; i < 12; i++) {
      const ra = a.getDataInfo(i);
      const rb = b.getDataInfo(i);
      expect(rb.gt_bboxes).toEqual(ra.gt_bboxes);
      expect((rb.img as Img).data).toEqual((ra.img as Img).data);
      const boxes = ra.gt_bboxes as number[][];
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      expect(boxes.length).toBeLessThanOrEqual(3);
      for (const [x1, y1, x2, y2] of boxes as [number, number, number, number][]) {
        expect(x1).toBeGreaterThanOrEqual(0);
        expect(y1).toBeGreaterThanOrEqual(0);
        expect(x2).toBeLessThanOrEqual(48);
        expect(y2).toBeLessThanOrEqual(48);
        expect(x2 - x1).toBeGreaterThanOrEqual(8);
      }
      expect((ra.gt_labels as number[]).every((l) => l === 0 || l === 1)).toBe(true);
    }
    expect(a.metainfo.classes).toEqual([...BOX_CLASSES]);
  });

  it('packs into gt_instances with PackDetInputs, flipped boxes included', async () => {
    const ds = DefaultScope.overwriteDefaultScope('toydet', () =>
      TOYDET_DATASETS.build({
        type: 'BoxesDataset',
        num_samples: 2,
        seed: 3,
        pipeline: [{ type: 'RandomFlip', prob: 1, direction: 'horizontal' }, { type: 'PackDetInputs' }],
      }),
    ) as BoxesDataset;
    const raw = ds.getDataInfo(0).gt_bboxes as number[][];
    const packed = (await ds.getItem(0)) as { inputs: Img; data_samples: BaseDataElement };
    const gt = packed.data_samples.gt_instances as InstanceData;
    expect(gt.bboxes).toEqual(raw.map(([x1, y1, x2, y2]) => [48 - (x2 as number), y1, 48 - (x1 as number), y2]));
    expect(gt.labels).toEqual(ds.getDataInfo(0).gt_labels);
    expect(packed.data_samples.metainfo.flip).toBe(true);
  });

  it('PackDetInputs refuses boxes and labels of different lengths', () => {
    const img = { data: new Uint8Array(3), height: 1, width: 1, channels: 3 };
    expect(() => new PackDetInputs().transform({ img, gt_bboxes: [[0, 0, 1, 1]], gt_labels: [] })).toThrow(
      /1 gt_bboxes but 0 gt_labels/,
    );
  });
});

describe('centerTargets', () => {
  it('puts a peak, the size and the offset at the centre cell', () => {
    // a 40x40 box centred at (24, 26) px on a 12x12 grid of stride 4: cell (6, 6), offset (0, 0.5), size 10x10
    // cells, Gaussian radius floor(2.26) = 2
    expect(gaussianRadius(10, 10)).toBeCloseTo((40 - Math.sqrt(1600 - 4 * 4 * 70)) / 8, 10);
    const t = centerTargets([{ bboxes: [[4, 6, 44, 46]], labels: [1] }], {
      height: 12,
      width: 12,
      stride: 4,
      numClasses: 2,
    });
    const cell = 6 * 12 + 6;
    expect(t.numPos).toBe(1);
    expect(t.heatmap[cell * 2 + 1]).toBe(1);
    expect(t.heatmap[cell * 2]).toBe(0);
    // one cell right: exp(-1 / (2 sigma^2)) with sigma = (2 * 2 + 1) / 6
    expect(t.heatmap[(cell + 1) * 2 + 1]).toBeCloseTo(Math.exp(-1 / (2 * (5 / 6) ** 2)), 6);
    // three cells right: outside the radius
    expect(t.heatmap[(cell + 3) * 2 + 1]).toBe(0);
    expect(t.centers[cell]).toBe(1);
    expect([t.wh[cell * 2], t.wh[cell * 2 + 1]]).toEqual([10, 10]);
    expect([t.offset[cell * 2], t.offset[cell * 2 + 1]]).toEqual([0, 0.5]);
  });
});

describe('TinyDetector', () => {
  it("gives the head's maps on the stride-4 grid in 'tensor' mode", () => {
    const model = TOYDET_MODELS.build(detectorCfg) as TinyDetector;
    const shapes = tf.tidy(() => {
      const out = model.forward(tf.zeros([2, 48, 48, 3]), null, 'tensor') as CenterOutputs;
      return [out.heatmap.shape, out.wh.shape, out.offset.shape];
    });
    expect(shapes).toEqual([
      [2, 12, 12, 2],
      [2, 12, 12, 2],
      [2, 12, 12, 2],
    ]);
  });

  it("has finite named losses in 'loss' mode and pred_instances in 'predict' mode", () => {
    const model = TOYDET_MODELS.build(detectorCfg) as TinyDetector;
    const samples = [
      gtSample([[4, 4, 20, 20]], [0]),
      gtSample(
        [
          [10, 20, 30, 44],
          [30, 2, 46, 14],
        ],
        [1, 0],
      ),
    ];
    const losses = tf.tidy(() => {
      const out = model.forward(tf.randomNormal([2, 48, 48, 3]), samples, 'loss') as Record<string, tf.Tensor>;
      return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.dataSync()[0] as number]));
    });
    expect(Object.keys(losses).sort()).toEqual(['loss_center_heatmap', 'loss_offset', 'loss_wh']);
    for (const v of Object.values(losses)) expect(Number.isFinite(v)).toBe(true);

    model.eval();
    const input = tf.randomNormal([2, 48, 48, 3]);
    const preds = model.forward(input, samples, 'predict') as BaseDataElement[];
    input.dispose();
    expect(preds).toHaveLength(2);
    const pred = preds[0]?.pred_instances as InstanceData;
    expect(pred.length).toBe(5);
    const scores = pred.scores as number[];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const [x1, y1, x2, y2] of pred.bboxes as [number, number, number, number][]) {
      expect(0 <= x1 && x1 <= x2 && x2 <= 48 && 0 <= y1 && y1 <= y2 && y2 <= 48).toBe(true);
    }
    expect(preds[1]?.gt_instances).toBe(samples[1]?.gt_instances);
  });
});
