import { METRICS } from '@eng/registry';
import { InstanceData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { averagePrecision, BoxMetric, boxArea, boxIoU, iouMatrix, matchClass } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

describe('boxIoU', () => {
  it('is intersection over union, computed by hand', () => {
    // [0,0,2,2] and [1,1,3,3]: intersection 1, union 4 + 4 - 1 = 7
    expect(boxIoU([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(1 / 7, 12);
    // [0,0,10,10] and [5,0,15,10]: 50 / 150
    expect(boxIoU([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    // one inside the other: 4 / 16
    expect(boxIoU([0, 0, 4, 4], [1, 1, 3, 3])).toBeCloseTo(0.25, 12);
    expect(boxIoU([1, 2, 5, 7], [1, 2, 5, 7])).toBe(1);
  });

  it('is 0 for boxes that only touch or are apart, and for empty boxes', () => {
    expect(boxIoU([0, 0, 2, 2], [2, 0, 4, 2])).toBe(0);
    expect(boxIoU([0, 0, 1, 1], [5, 5, 6, 6])).toBe(0);
    expect(boxIoU([3, 3, 3, 3], [3, 3, 3, 3])).toBe(0);
    expect(boxArea([4, 4, 2, 2])).toBe(0);
  });

  it('is symmetric, and iouMatrix holds every pair', () => {
    const a = [
      [0, 0, 2, 2],
      [1, 1, 3, 3],
    ];
    const b = [[0, 0, 10, 10]];
    expect(iouMatrix(a, b)).toEqual([[4 / 100], [4 / 100]]);
    expect(boxIoU(a[1] as number[], a[0] as number[])).toBe(boxIoU(a[0] as number[], a[1] as number[]));
  });
});

describe('averagePrecision (VOC)', () => {
  it("integrates the interpolated precision over recall ('area')", () => {
    // ranked: TP, FP, TP with 2 ground truths -> recall .5 .5 1, precision 1 .5 2/3 -> 0.5 * 1 + 0.5 * 2/3
    expect(averagePrecision([0.5, 0.5, 1], [1, 0.5, 2 / 3])).toBeCloseTo(0.5 + 1 / 3, 12);
    // FP first: precision at recall 1 is 1/2 -> AP 0.5
    expect(averagePrecision([0, 1], [0, 0.5])).toBeCloseTo(0.5, 12);
    expect(averagePrecision([], [])).toBe(0);
  });

  it("averages the precision at 11 recall levels ('11points')", () => {
    // recall .5 .5 1, precision 1 .5 2/3: levels 0-.5 take 1 (6 levels), .6-1 take 2/3 (5 levels)
    expect(averagePrecision([0.5, 0.5, 1], [1, 0.5, 2 / 3], '11points')).toBeCloseTo((6 + 5 * (2 / 3)) / 11, 12);
  });
});

describe('matchClass', () => {
  it('matches by score, each ground truth once, at IoU >= 0.5', () => {
    const images = [
      {
        pred: {
          // a hit (IoU 1), a duplicate of it (FP), a miss (IoU 1/7 < 0.5)
          bboxes: [
            [0, 0, 10, 10],
            [0, 0, 10, 10],
            [20, 20, 22, 22],
          ],
          scores: [0.9, 0.8, 0.7],
          labels: [0, 0, 0],
        },
        gt: {
          bboxes: [
            [0, 0, 10, 10],
            [21, 21, 23, 23],
          ],
          labels: [0, 0],
        },
      },
    ];
    const m = matchClass(images, 0);
    expect(m.tp).toEqual([true, false, false]);
    expect(m.numGts).toBe(2);
    expect(m.recall).toBe(0.5);
    expect(m.ap).toBeCloseTo(0.5, 12);
    expect(matchClass(images, 1)).toMatchObject({ numGts: 0, ap: 0, recall: 0 });
  });
});

describe('BoxMetric', () => {
  it('reports mAP over classes with ground truth, recall and AP per class', () => {
    const metric = METRICS.build({ type: 'toydet.BoxMetric' }) as BoxMetric;
    metric.datasetMeta = { classes: ['rectangle', 'ellipse'] };
    metric.process(null, [
      {
        // class 0: perfect; class 1: its only box found after a false positive -> AP 0.5
        pred_instances: new InstanceData({
          bboxes: tf.tensor2d([
            [0, 0, 10, 10],
            [30, 30, 40, 40],
            [12, 12, 20, 20],
          ]),
          scores: tf.tensor1d([0.9, 0.8, 0.6]),
          labels: tf.tensor1d([0, 1, 1], 'int32'),
        }),
        gt_instances: new InstanceData({
          bboxes: [
            [0, 0, 10, 10],
            [12, 12, 20, 21],
          ],
          labels: [0, 1],
        }),
      },
    ]);
    const result = metric.evaluate(1);
    expect(result['box/AP_rectangle']).toBeCloseTo(1, 12);
    expect(result['box/AP_ellipse']).toBeCloseTo(0.5, 12);
    expect(result['box/mAP']).toBeCloseTo(0.75, 12);
    expect(result['box/recall']).toBeCloseTo(1, 12);
  });

  it('scores 0 when nothing overlaps enough', () => {
    const metric = new BoxMetric({ iou_thr: 0.5 });
    metric.process(null, [
      {
        pred_instances: { bboxes: [[0, 0, 4, 4]], scores: [0.9], labels: [0] },
        gt_instances: { bboxes: [[2, 2, 6, 6]], labels: [0] },
      },
    ]);
    expect(metric.evaluate(1)).toMatchObject({ 'box/mAP': 0, 'box/recall': 0 });
  });
});
