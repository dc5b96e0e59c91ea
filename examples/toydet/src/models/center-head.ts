import {
  BaseModule,
  type BaseModuleOptions,
  biasInitWithProb,
  Conv2d,
  fillConstant,
  type LossDict,
  ModelError,
  ReLU,
  Sequential,
} from '@eng/model';
import { BaseDataElement, InstanceData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { type CenterTargets, centerTargets, type GtBoxes } from './center-targets';
import { boxRows, numberList } from './plain';

export interface CenterHeadOptions extends BaseModuleOptions {
  num_classes: number;
  /** Channels of the feature map (a `TinyDetector` passes its backbone's when the config leaves it out). */
  in_channels: number;
  /** Channels of each branch's hidden 3×3 conv. Default 32. */
  feat_channels?: number;
  /** Weights of the three losses. Defaults 1, 0.1, 1 (CenterNet's). */
  loss_weights?: { heatmap?: number; wh?: number; offset?: number };
  /** How many boxes `predict` keeps per image, the highest peaks of the heatmaps. Default 10. */
  max_per_img?: number;
}

/** The three outputs of {@link CenterHead.forward}, channels-last on the feature map's grid. */
export interface CenterOutputs {
  /** `[N, H, W, num_classes]` logits of the class heatmaps. */
  heatmap: tf.Tensor4D;
  /** `[N, H, W, 2]` box width and height in grid cells. */
  wh: tf.Tensor4D;
  /** `[N, H, W, 2]` centre offset within the cell. */
  offset: tf.Tensor4D;
}

function branch(inC: number, featC: number, outC: number): Sequential {
  return new Sequential(
    new Conv2d({ in_channels: inC, out_channels: featC, kernel_size: 3, padding: 1 }),
    new ReLU(),
    new Conv2d({ in_channels: featC, out_channels: outC, kernel_size: 1 }),
  );
}

/** The ground truth of each data sample: `gt_instances.bboxes` (pixels, x1 y1 x2 y2) and `gt_instances.labels`. */
export function gtBoxesOf(dataSamples: unknown, batchSize: number): GtBoxes[] {
  if (!Array.isArray(dataSamples) || dataSamples.length !== batchSize) {
    throw new ModelError('NO_LABELS', `CenterHead: mode 'loss' needs ${batchSize} data samples with gt_instances`);
  }
  return dataSamples.map((sample, i) => {
    const gt = (sample as { gt_instances?: { bboxes?: unknown; labels?: unknown } } | null)?.gt_instances;
    if (gt === undefined || gt === null) {
      throw new ModelError('NO_LABELS', `CenterHead: data sample ${i} has no gt_instances`);
    }
    const bboxes = boxRows(gt.bboxes);
    const labels = numberList(gt.labels);
    if (bboxes.length !== labels.length || bboxes.some((b) => b.length !== 4)) {
      throw new ModelError('BAD_LABELS', `CenterHead: data sample ${i} needs [N, 4] bboxes and N labels`);
    }
    return { bboxes, labels };
  });
}

/**
 * A CenterNet head (mmdet's `CenterNetHead`, "Objects as Points"): three small conv branches over a stride-`s`
 * feature map predict a heatmap per class (its peaks are object centres), the box size and the centre's sub-cell
 * offset. The loss is CenterNet's Gaussian focal loss on the heatmaps plus L1 on size and offset at the centres;
 * `predict` takes the `max_per_img` highest local maxima (3×3) as boxes.
 *
 * @example
 * head: { type: 'CenterHead', num_classes: 2, feat_channels: 32, max_per_img: 10 }
 */
export class CenterHead extends BaseModule {
  readonly numClasses: number;
  readonly maxPerImg: number;
  readonly lossWeights: { heatmap: number; wh: number; offset: number };
  readonly heatmap_head: Sequential;
  readonly wh_head: Sequential;
  readonly offset_head: Sequential;

  constructor(options: CenterHeadOptions) {
    super(options);
    const { num_classes, in_channels, feat_channels = 32, max_per_img = 10, loss_weights = {} } = options;
    if (!Number.isInteger(num_classes) || num_classes <= 0) {
      throw new ModelError('BAD_OPTIONS', `CenterHead: num_classes should be a positive integer, got ${num_classes}`);
    }
    this.numClasses = num_classes;
    this.maxPerImg = max_per_img;
    this.lossWeights = { heatmap: 1, wh: 0.1, offset: 1, ...loss_weights };
    this.heatmap_head = branch(in_channels, feat_channels, num_classes);
    this.wh_head = branch(in_channels, feat_channels, 2);
    this.offset_head = branch(in_channels, feat_channels, 2);
    // CenterNet starts every heatmap at a prior probability of 0.1, so the many negatives do not swamp the loss.
    const last = this.heatmap_head.getSubmodule('2') as Conv2d;
    if (last.bias) fillConstant(last.bias, biasInitWithProb(0.1));
  }

  override forward(feats: tf.Tensor): CenterOutputs {
    return {
      heatmap: this.heatmap_head.forward(feats) as tf.Tensor4D,
      wh: this.wh_head.forward(feats) as tf.Tensor4D,
      offset: this.offset_head.forward(feats) as tf.Tensor4D,
    };
  }

  /** CenterNet's losses for a batch whose images are `imgShape` = [H, W] pixels. */
  loss(feats: tf.Tensor, dataSamples: unknown, imgShape: readonly [number, number]): LossDict {
    const out = this.forward(feats);
    const [N, H, W] = out.heatmap.shape;
    const targets = centerTargets(gtBoxesOf(dataSamples, N), {
      height: H,
      width: W,
      stride: imgShape[0] / H,
      numClasses: this.numClasses,
    });
    return this.lossFromTargets(out, targets);
  }

  /** The losses against targets computed by `centerTargets`. */
  lossFromTargets(out: CenterOutputs, targets: CenterTargets): LossDict {
    const [N, H, W, C] = out.heatmap.shape;
    const avg = Math.max(1, targets.numPos);
    const gt = tf.tensor4d(targets.heatmap, [N, H, W, C]);
    const pos = tf.cast(tf.equal(gt, 1), 'float32');
    const neg = tf.sub(1, pos);
    const p = tf.clipByValue(tf.sigmoid(out.heatmap), 1e-4, 1 - 1e-4);
    const posLoss = tf.mul(tf.mul(tf.neg(tf.log(p)), tf.square(tf.sub(1, p))), pos);
    const negWeight = tf.pow(tf.sub(1, gt), 4);
    const negLoss = tf.mul(tf.mul(tf.mul(tf.neg(tf.log(tf.sub(1, p))), tf.square(p)), negWeight), neg);
    const heatmapLoss = tf.div(tf.add(tf.sum(posLoss), tf.sum(negLoss)), avg);
    const mask = tf.tensor4d(targets.centers, [N, H, W, 1]);
    const l1 = (pred: tf.Tensor, target: Float32Array) =>
      tf.div(tf.sum(tf.mul(tf.abs(tf.sub(pred, tf.tensor4d(target, [N, H, W, 2]))), mask)), avg);
    return {
      loss_center_heatmap: tf.mul(heatmapLoss, this.lossWeights.heatmap),
      loss_wh: tf.mul(l1(out.wh, targets.wh), this.lossWeights.wh),
      loss_offset: tf.mul(l1(out.offset, targets.offset), this.lossWeights.offset),
    };
  }

  /**
   * The data samples (new ones when none are given) with `pred_instances`: `bboxes` (`[k, 4]` pixels, x1 y1 x2 y2,
   * clipped to the image), `scores` and `labels`, highest score first.
   */
  predict(
    feats: tf.Tensor,
    dataSamples: readonly unknown[] | null | undefined,
    imgShape: readonly [number, number],
  ): BaseDataElement[] {
    const out = this.forward(feats);
    const [N, H, W, C] = out.heatmap.shape;
    const stride = imgShape[0] / H;
    const [peaks, wh, offset] = tf.tidy(() => {
      const heat = tf.sigmoid(out.heatmap);
      const pooled = tf.maxPool(heat, 3, 1, 'same');
      const keep = tf.cast(tf.equal(heat, pooled), 'float32');
      return [tf.mul(heat, keep).dataSync(), out.wh.dataSync(), out.offset.dataSync()];
    });
    const k = Math.min(this.maxPerImg, H * W * C);
    return Array.from({ length: N }, (_, n) => {
      const base = n * H * W * C;
      const order = Array.from({ length: H * W * C }, (_, i) => i)
        .sort((a, b) => (peaks[base + b] as number) - (peaks[base + a] as number))
        .slice(0, k);
      const bboxes: number[][] = [];
      const scores: number[] = [];
      const labels: number[] = [];
      for (const i of order) {
        const c = i % C;
        const cell = (i - c) / C;
        const x = cell % W;
        const y = (cell - x) / W;
        const at = (n * H * W + cell) * 2;
        const cx = (x + (offset[at] as number)) * stride;
        const cy = (y + (offset[at + 1] as number)) * stride;
        const w = Math.max(0, wh[at] as number) * stride;
        const h = Math.max(0, wh[at + 1] as number) * stride;
        const clip = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
        bboxes.push([
          clip(cx - w / 2, imgShape[1]),
          clip(cy - h / 2, imgShape[0]),
          clip(cx + w / 2, imgShape[1]),
          clip(cy + h / 2, imgShape[0]),
        ]);
        scores.push(peaks[base + i] as number);
        labels.push(c);
      }
      const given = dataSamples?.[n];
      const sample = given instanceof BaseDataElement ? given : new BaseDataElement();
      sample.pred_instances = new InstanceData({ bboxes, scores, labels });
      return sample;
    });
  }
}
