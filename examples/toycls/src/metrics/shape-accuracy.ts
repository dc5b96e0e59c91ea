import { BaseMetric, type BaseMetricOptions, classIndex, EvaluatorError, toPlain } from '@eng/evaluator';

interface Row {
  gt: number;
  pred: number;
}

/**
 * Top-1 accuracy and mean per-class accuracy (in percent) of samples carrying `gt_label` and `pred_label` (or
 * `pred_score`, whose highest entry is the prediction). Names: `accuracy/top1`, `accuracy/mean_class`.
 *
 * @example
 * const metric = new ShapeAccuracy();
 * metric.process(null, [{ gt_label: 0, pred_label: 0 }, { gt_label: 1, pred_label: 0 }]);
 * metric.evaluate(2); // { 'accuracy/top1': 50, 'accuracy/mean_class': 50 }
 */
export class ShapeAccuracy extends BaseMetric {
  static override defaultPrefix = 'accuracy';

  constructor(options: BaseMetricOptions = {}) {
    super(options);
  }

  process(_dataBatch: unknown, dataSamples: readonly unknown[]): void {
    dataSamples.forEach((sample, i) => {
      const s = toPlain(sample) as Record<string, unknown>;
      const gt = classIndex(s.gt_label, 'gt_label', i, 'ShapeAccuracy');
      let pred: number;
      if (s.pred_label !== undefined) pred = classIndex(s.pred_label, 'pred_label', i, 'ShapeAccuracy');
      else if (Array.isArray(s.pred_score)) {
        const scores = s.pred_score as number[];
        pred = scores.reduce((best, v, c) => (v > (scores[best] as number) ? c : best), 0);
      } else
        throw new EvaluatorError('BAD_PREDICTION', `ShapeAccuracy: data sample ${i} has no pred_label or pred_score`);
      this.results.push({ gt, pred } satisfies Row);
    });
  }

  computeMetrics(results: unknown[]): Record<string, number> {
    const rows = results as Row[];
    if (rows.length === 0) return { top1: 0, mean_class: 0 };
    const hits = rows.filter((r) => r.gt === r.pred).length;
    const perClass = new Map<number, { n: number; hits: number }>();
    for (const r of rows) {
      const entry = perClass.get(r.gt) ?? { n: 0, hits: 0 };
      entry.n += 1;
      if (r.gt === r.pred) entry.hits += 1;
      perClass.set(r.gt, entry);
    }
    const accs = [...perClass.values()].map((e) => (e.hits * 100) / e.n);
    return { top1: (hits * 100) / rows.length, mean_class: accs.reduce((a, b) => a + b, 0) / accs.length };
  }
}
