import { LabelData } from '@eng/structures';
import { METRICS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { ShapeAccuracy } from '../src/index';

describe('ShapeAccuracy', () => {
  it('computes top-1 and mean per-class accuracy by hand', () => {
    const metric = new ShapeAccuracy();
    // class 0: 2 of 3 right; class 1: 1 of 1; class 2: 0 of 2  ->  top1 3/6 = 50%, mean class (66.67 + 100 + 0) / 3
    metric.process(null, [
      { gt_label: 0, pred_label: 0 },
      { gt_label: 0, pred_label: 0 },
      { gt_label: 0, pred_label: 1 },
      { gt_label: new LabelData({ label: [1] }), pred_score: [0.1, 0.8, 0.1] },
      { gt_label: [2], pred_label: 0 },
      { gt_label: 2, pred_score: [0.5, 0.3, 0.2] },
    ]);
    const result = metric.evaluate(6);
    expect(result['accuracy/top1']).toBeCloseTo(50, 10);
    expect(result['accuracy/mean_class']).toBeCloseTo((200 / 3 + 100 + 0) / 3, 10);
    expect(metric.results).toHaveLength(0);
  });

  it('is found from the root METRICS by its scoped name and honours prefix', () => {
    const metric = METRICS.build({ type: 'toycls.ShapeAccuracy', prefix: 'shapes' }) as ShapeAccuracy;
    metric.process(null, [{ gt_label: 1, pred_label: 1 }]);
    expect(metric.evaluate(1)).toEqual({ 'shapes/top1': 100, 'shapes/mean_class': 100 });
  });

  it('names the sample that has no prediction', () => {
    const metric = new ShapeAccuracy();
    expect(() => metric.process(null, [{ gt_label: 1 }])).toThrow(/data sample 0 has no pred_label or pred_score/);
  });
});
