import { BaseMetric, type BaseMetricOptions, EvaluatorError, toPlain } from '@eng/evaluator';
import { boxRows, numberList } from '../models/plain';
import { type ApMode, type ImageDetections, matchClass } from './average-precision';

export interface BoxMetricOptions extends BaseMetricOptions {
  /** The IoU a detection needs with a ground-truth box to count. Default 0.5. */
  iou_thr?: number;
  /** `'area'` (default, VOC2010+) or `'11points'` (VOC2007). */
  eval_mode?: ApMode;
}

function instancesOf(sample: Record<string, unknown>, key: string, i: number): Record<string, unknown> {
  const value = toPlain(sample[key]);
  if (value === null || typeof value !== 'object') {
    throw new EvaluatorError('BAD_PREDICTION', `BoxMetric: data sample ${i} has no ${key}`);
  }
  return value as Record<string, unknown>;
}

/**
 * VOC-style detection metrics: `mAP` (the mean over classes with ground truth of each class's AP at `iou_thr`),
 * `recall` (the share of all ground-truth boxes matched by some detection at `iou_thr`), and `AP_<class>` per class.
 * Samples carry `pred_instances` (`bboxes`, `scores`, `labels`) and `gt_instances` (`bboxes`, `labels`). Names are
 * `box/mAP`, `box/recall`, `box/AP_<class>`; values in [0, 1].
 *
 * @example
 * val_evaluator: { type: 'BoxMetric', iou_thr: 0.5 }
 */
export class BoxMetric extends BaseMetric {
  static override defaultPrefix = 'box';

  readonly iouThr: number;
  readonly evalMode: ApMode;

  constructor(options: BoxMetricOptions = {}) {
    const { iou_thr = 0.5, eval_mode = 'area', ...base } = options;
    super(base);
    if (!(iou_thr > 0 && iou_thr <= 1)) {
      throw new EvaluatorError('BAD_OPTIONS', `BoxMetric: iou_thr should be in (0, 1], got ${iou_thr}`);
    }
    if (eval_mode !== 'area' && eval_mode !== '11points') {
      throw new EvaluatorError(
        'BAD_OPTIONS',
        `BoxMetric: eval_mode should be 'area' or '11points', got ${String(eval_mode)}`,
      );
    }
    this.iouThr = iou_thr;
    this.evalMode = eval_mode;
  }

  process(_dataBatch: unknown, dataSamples: readonly unknown[]): void {
    dataSamples.forEach((raw, i) => {
      const sample = raw as Record<string, unknown>;
      const pred = instancesOf(sample, 'pred_instances', i);
      const gt = instancesOf(sample, 'gt_instances', i);
      const result: ImageDetections = {
        pred: { bboxes: boxRows(pred.bboxes), scores: numberList(pred.scores), labels: numberList(pred.labels) },
        gt: { bboxes: boxRows(gt.bboxes), labels: numberList(gt.labels) },
      };
      this.results.push(result);
    });
  }

  computeMetrics(results: unknown[]): Record<string, number> {
    const images = results as ImageDetections[];
    const classes = this.datasetMeta?.classes;
    const numClasses = Array.isArray(classes)
      ? classes.length
      : Math.max(0, ...images.flatMap((im) => [...im.gt.labels, ...im.pred.labels]).map((l) => l + 1));
    const metrics: Record<string, number> = {};
    const aps: number[] = [];
    let gts = 0;
    let hits = 0;
    for (let c = 0; c < numClasses; c++) {
      const match = matchClass(images, c, this.iouThr, this.evalMode);
      const name = Array.isArray(classes) ? String(classes[c]) : String(c);
      metrics[`AP_${name}`] = match.ap;
      if (match.numGts > 0) aps.push(match.ap);
      gts += match.numGts;
      hits += match.tp.filter(Boolean).length;
    }
    return {
      mAP: aps.length > 0 ? aps.reduce((a, b) => a + b, 0) / aps.length : 0,
      recall: gts > 0 ? hits / gts : 0,
      ...metrics,
    };
  }
}
