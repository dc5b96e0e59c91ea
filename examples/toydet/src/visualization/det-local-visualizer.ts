import { put } from '@eng/fileio';
import {
  type AddDatasampleOptions,
  type ColorInput,
  type DataSample,
  encodePng,
  type ImageInput,
  type MaybePromise,
  resizeImage,
  toVisImage,
  VisualizationError,
  Visualizer,
  type VisualizerOptions,
  withChannels,
} from '@eng/visualization';
import { boxRows, numberList } from '../models/plain';

export interface DetLocalVisualizerOptions extends VisualizerOptions {
  /** The colour of ground-truth boxes and their labels. Default `'lime'`. */
  gt_color?: ColorInput;
  /** The colour of predicted boxes and their labels. Default `'red'`. */
  pred_color?: ColorInput;
  /** Box outline width in points. Default 2. */
  line_width?: number;
  /** Scale small images up (bilinear) so their short edge reaches this. Default 192; `null` keeps the size. */
  min_size?: number | null;
}

function instances(
  sample: unknown,
  key: string,
): { bboxes: number[][]; labels: number[]; scores: number[] } | undefined {
  const inst = (sample as Record<string, unknown> | null | undefined)?.[key] as Record<string, unknown> | undefined;
  if (inst === undefined || inst === null) return undefined;
  return { bboxes: boxRows(inst.bboxes), labels: numberList(inst.labels), scores: numberList(inst.scores) };
}

/**
 * mmdet's `DetLocalVisualizer`: draws a detection sample's ground-truth boxes (`gt_instances`, in `gt_color`) and
 * its predicted boxes scoring at least `pred_score_thr` (`pred_instances`, in `pred_color`), each with its class name
 * (and score), on the image, then stores the drawing in every backend under `name` at `step`, or writes `out_file`
 * (a local PNG). Small images are first scaled up so the labels stay readable.
 *
 * @example
 * visualizer: { type: 'DetLocalVisualizer', vis_backends: [{ type: 'LocalVisBackend' }], name: 'visualizer' }
 */
export class DetLocalVisualizer extends Visualizer {
  readonly gtColor: ColorInput;
  readonly predColor: ColorInput;
  readonly lineWidth: number;
  readonly minSize: number | null;

  constructor(options: DetLocalVisualizerOptions = {}) {
    const { gt_color = 'lime', pred_color = 'red', line_width = 2, min_size = 192, ...base } = options;
    super(base);
    this.gtColor = gt_color;
    this.predColor = pred_color;
    this.lineWidth = line_width;
    this.minSize = min_size;
  }

  private _className(label: number): string {
    const classes = this.datasetMeta?.classes;
    const name = Array.isArray(classes) ? classes[label] : undefined;
    return name === undefined ? String(label) : String(name);
  }

  private _drawInstances(
    found: { bboxes: number[][]; labels: number[]; scores: number[] },
    scale: number,
    color: ColorInput,
    scoreThr: number | null,
    below: boolean,
  ): void {
    const keep = found.bboxes
      .map((box, i) => ({ box, label: found.labels[i] ?? 0, score: found.scores[i] }))
      .filter((d) => scoreThr === null || (d.score ?? 1) >= scoreThr);
    if (keep.length === 0) return;
    // a box may end on the image's edge (x2 = width); the drawing's bounds check wants coordinates inside it
    const maxX = (this.width ?? 1) - 1;
    const maxY = (this.height ?? 1) - 1;
    const boxes = keep.map((d) => d.box.map((v, k) => Math.min(k % 2 === 0 ? maxX : maxY, Math.max(0, v * scale))));
    this.drawBboxes(boxes, { edge_colors: color, line_widths: this.lineWidth, alpha: 1 });
    this.drawTexts(
      keep.map((d) =>
        d.score === undefined ? this._className(d.label) : `${this._className(d.label)} ${d.score.toFixed(2)}`,
      ),
      // predictions are labelled above their box, ground truth below it, so the two never cover each other
      boxes.map((b) => [
        b[0] as number,
        below ? Math.min(maxY - 10, (b[3] as number) + 1) : Math.max(0, (b[1] as number) - 12),
      ]),
      { colors: color, font_sizes: 7, bboxes: { facecolor: 'black', edgecolor: 'none', alpha: 0.6, pad: 1 } },
    );
  }

  override addDatasample(
    name: string,
    image: ImageInput,
    dataSample?: DataSample | null,
    options: AddDatasampleOptions = {},
  ): MaybePromise {
    const { draw_gt = true, draw_pred = true, out_file = null, step = 0, pred_score_thr = 0.3 } = options;
    const rgb = withChannels(toVisImage(image, 'DetLocalVisualizer.addDatasample', 'cast'), 3);
    const short = Math.min(rgb.width, rgb.height);
    const scale = this.minSize === null || short >= this.minSize ? 1 : this.minSize / short;
    this.setImage(scale === 1 ? rgb : resizeImage(rgb, Math.round(rgb.width * scale), Math.round(rgb.height * scale)));
    const gt = instances(dataSample, 'gt_instances');
    const pred = instances(dataSample, 'pred_instances');
    if (dataSample !== undefined && dataSample !== null && gt === undefined && pred === undefined) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `DetLocalVisualizer.addDatasample("${name}"): the data sample has neither gt_instances nor pred_instances`,
      );
    }
    if (draw_gt && gt) this._drawInstances({ ...gt, scores: [] }, scale, this.gtColor, null, true);
    if (draw_pred && pred) this._drawInstances(pred, scale, this.predColor, pred_score_thr, false);
    const drawn = this.getImage();
    if (out_file !== null) return encodePng(drawn).then((png) => put(png, out_file));
    return this.addImage(name, drawn, step);
  }
}
