import { EvaluatorError } from '@eng/evaluator';
import { type Box, boxIoU } from './box-iou';

/** `'area'`: the area under the interpolated precision-recall curve (VOC2010+); `'11points'`: VOC2007's. */
export type ApMode = 'area' | '11points';

/**
 * VOC average precision from the recall and precision after each detection (ranked by score), as mmdet's
 * `average_precision`: precision is first made monotonically decreasing, then integrated over recall.
 *
 * @example
 * averagePrecision([0.5, 0.5, 1], [1, 0.5, 2 / 3]); // 0.5 * 1 + 0.5 * 2/3 = 0.8333
 */
export function averagePrecision(
  recalls: readonly number[],
  precisions: readonly number[],
  mode: ApMode = 'area',
): number {
  if (recalls.length !== precisions.length) {
    throw new EvaluatorError(
      'BAD_PREDICTION',
      `averagePrecision: ${recalls.length} recalls but ${precisions.length} precisions`,
    );
  }
  if (mode === '11points') {
    let ap = 0;
    for (let t = 0; t <= 10; t++) {
      let best = 0;
      recalls.forEach((r, i) => {
        if (r >= t / 10 - 1e-12) best = Math.max(best, precisions[i] as number);
      });
      ap += best / 11;
    }
    return ap;
  }
  const mrec = [0, ...recalls, 1];
  const mpre = [0, ...precisions, 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1] as number, mpre[i] as number);
  let ap = 0;
  for (let i = 0; i < mrec.length - 1; i++) {
    const dr = (mrec[i + 1] as number) - (mrec[i] as number);
    if (dr !== 0) ap += dr * (mpre[i + 1] as number);
  }
  return ap;
}

/** One image's predictions and ground truth, plain numbers. */
export interface ImageDetections {
  pred: { bboxes: Box[]; scores: number[]; labels: number[] };
  gt: { bboxes: Box[]; labels: number[] };
}

/** What matching one class's detections to its ground truth gives. */
export interface ClassMatch {
  /** Ground-truth boxes of the class. */
  numGts: number;
  /** Detections of the class, highest score first, each true or false positive. */
  tp: boolean[];
  /** AP of the class (0 when it has no ground truth). */
  ap: number;
  /** Matched ground truth over all of it (0 when there is none). */
  recall: number;
}

/**
 * Matches the detections of class `label` over all images to the ground truth, as VOC does: highest score first,
 * each detection to the unmatched ground-truth box it overlaps most if that IoU is at least `iouThr` (true
 * positive), else a false positive (also when its best box was already taken).
 */
export function matchClass(
  images: readonly ImageDetections[],
  label: number,
  iouThr = 0.5,
  mode: ApMode = 'area',
): ClassMatch {
  const dets: Array<{ image: number; score: number; box: Box; order: number }> = [];
  let numGts = 0;
  const gtsByImage = images.map((im, image) => {
    const boxes = im.gt.bboxes.filter((_, j) => im.gt.labels[j] === label);
    numGts += boxes.length;
    im.pred.bboxes.forEach((box, j) => {
      if (im.pred.labels[j] === label)
        dets.push({ image, score: im.pred.scores[j] as number, box, order: dets.length });
    });
    return { boxes, taken: boxes.map(() => false) };
  });
  dets.sort((a, b) => b.score - a.score || a.order - b.order);
  const tp = dets.map((d) => {
    const gts = gtsByImage[d.image] as { boxes: Box[]; taken: boolean[] };
    let best = -1;
    let bestIoU = -1;
    gts.boxes.forEach((g, j) => {
      const iou = boxIoU(d.box, g);
      if (iou > bestIoU) {
        bestIoU = iou;
        best = j;
      }
    });
    if (best >= 0 && bestIoU >= iouThr && !gts.taken[best]) {
      gts.taken[best] = true;
      return true;
    }
    return false;
  });
  let hits = 0;
  const recalls: number[] = [];
  const precisions: number[] = [];
  tp.forEach((t, i) => {
    if (t) hits += 1;
    recalls.push(numGts > 0 ? hits / numGts : 0);
    precisions.push(hits / (i + 1));
  });
  return {
    numGts,
    tp,
    ap: numGts > 0 ? averagePrecision(recalls, precisions, mode) : 0,
    recall: numGts > 0 ? hits / numGts : 0,
  };
}
