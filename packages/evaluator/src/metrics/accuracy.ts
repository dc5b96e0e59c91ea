import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { EvaluatorError } from '../errors';
import { BaseMetric, type BaseMetricOptions } from '../metric/base-metric';
import { toPlain } from '../metric/to-plain';

export interface AccuracyOptions extends BaseMetricOptions {
  /** Report top-k accuracy for each k (default 1). */
  topk?: number | number[];
  /** Count a hit only when its score is above the threshold (default 0; `null` for none). */
  thrs?: number | null | (number | null)[];
}

interface AccuracyResult {
  pred_score?: number[];
  pred_label?: number;
  gt_label: number;
}

/**
 * The class index of a label as data samples carry it: a number, `[n]`, a LabelData-like `{ label }`, a tensor. An
 * error names the metric (`owner`), the sample and the field.
 */
export function classIndex(value: unknown, what: string, i: number, owner = 'Accuracy'): number {
  const plain = toPlain(value);
  const inner =
    plain !== null && typeof plain === 'object' && !Array.isArray(plain) ? (plain as { label?: unknown }).label : plain;
  const n = Array.isArray(inner) ? inner[0] : inner;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new EvaluatorError(
      'BAD_PREDICTION',
      `${owner}: data sample ${i} has no usable ${what} (got ${describe(value)})`,
    );
  }
  return n;
}

/**
 * mmpretrain's `Accuracy`: the percentage of samples whose label is among the k highest scores (`top1`, `top5`),
 * optionally only counting scores above `thrs`; with labels only (`pred_label`), top-1 agreement.
 *
 * @example
 * const acc = new Accuracy({ topk: [1, 2] });
 * acc.process(null, [{ pred_score: [0.1, 0.7, 0.2], gt_label: 2 }, { pred_score: [0.6, 0.3, 0.1], gt_label: 0 }]);
 * acc.evaluate(2); // { 'accuracy/top1': 50, 'accuracy/top2': 100 }
 */
export class Accuracy extends BaseMetric {
  static readonly optionsSchema = optionsSchema<AccuracyOptions>({
    topk: z.union([z.number().int().positive(), z.array(z.number().int().positive())]).optional(),
    thrs: z.union([z.number(), z.null(), z.array(z.number().nullable())]).optional(),
    collect_device: z.enum(['cpu', 'gpu']).optional(),
    prefix: z.string().nullable().optional(),
    collect_dir: z.string().nullable().optional(),
  } satisfies ShapeOf<AccuracyOptions>);
  static override defaultPrefix = 'accuracy';

  readonly topk: readonly number[];
  readonly thrs: readonly (number | null)[];

  constructor(options: AccuracyOptions = {}) {
    const { topk = 1, thrs = 0, ...base } = options;
    super(base);
    this.topk = typeof topk === 'number' ? [topk] : topk;
    this.thrs = Array.isArray(thrs) ? thrs : [thrs];
  }

  process(_dataBatch: unknown, dataSamples: readonly unknown[]): void {
    dataSamples.forEach((sample, i) => {
      const s = toPlain(sample) as Record<string, unknown>;
      const result: AccuracyResult = { gt_label: classIndex(s.gt_label, 'gt_label', i) };
      if ('pred_score' in s) result.pred_score = (s.pred_score as number[]).map(Number);
      else result.pred_label = classIndex(s.pred_label, 'pred_label or pred_score', i);
      this.results.push(result);
    });
  }

  computeMetrics(results: unknown[]): Record<string, number> {
    const rows = results as AccuracyResult[];
    const n = rows.length;
    if (n === 0) return Object.fromEntries(this.topk.map((k) => [`top${k}`, 0]));
    if (rows[0]?.pred_score === undefined) {
      const hits = rows.filter((r) => r.pred_label === r.gt_label).length;
      return { top1: (hits * 100) / n };
    }
    const classes = rows[0].pred_score.length;
    const maxk = Math.max(...this.topk);
    if (maxk > classes) {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `Top-${maxk} accuracy is unavailable since the number of categories is ${classes}. Please check the \`val_evaluator\` and \`test_evaluator\` fields in your config file.`,
      );
    }
    const multiThrs = this.thrs.length > 1;
    const metrics: Record<string, number> = {};
    // For each sample, its label's rank among the scores (0 = highest; ties keep the lower index first) and score.
    const ranked = rows.map((r) => {
      const scores = r.pred_score as number[];
      const order = scores.map((_, c) => c).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
      return { rank: order.indexOf(r.gt_label), score: scores[r.gt_label] ?? Number.NEGATIVE_INFINITY };
    });
    for (const k of this.topk) {
      for (const thr of this.thrs) {
        const hits = ranked.filter((r) => r.rank >= 0 && r.rank < k && (thr === null || r.score > thr)).length;
        const name = multiThrs ? `top${k}${thr === null ? '_no-thr' : `_thr-${thr.toFixed(2)}`}` : `top${k}`;
        metrics[name] = (hits * 100) / n;
      }
    }
    return metrics;
  }
}
