import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { put } from '@eng/fileio';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import type { MaybePromise } from '../backends/base-vis-backend';
import { PX_PER_PT, resizeImage } from '../drawing/surface';
import { VisualizationError } from '../errors';
import { encodePng } from '../image/encode-png';
import { type ImageInput, toVisImage, type VisImage, withChannels } from '../image/vis-image';
import { type AddDatasampleOptions, Visualizer, type VisualizerOptions } from './visualizer';

export interface ClsVisualizerOptions extends VisualizerOptions {
  /** Resize each image so its short edge has this many pixels before drawing (default 224; `null` keeps the size). */
  resize?: number | null;
  /** Print the predicted class's score (default true). */
  draw_score?: boolean;
}

/** A class index from the label shapes the pipeline and the models make: a number, `[n]`, a tensor, `LabelData`. */
function labelOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor) return value.size > 0 ? (value.dataSync()[0] as number) : undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return (value as ArrayLike<number>)[0];
  if (value !== null && typeof value === 'object' && 'label' in value)
    return labelOf((value as { label: unknown }).label);
  return undefined;
}

/** The score of class `label` from `pred_score` (scores of every class, or `LabelData` with `score`). */
function scoreOf(value: unknown, label: number): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor) return value.dataSync()[value.size === 1 ? 0 : label] as number | undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const scores = value as ArrayLike<number>;
    return scores.length === 1 ? scores[0] : scores[label];
  }
  if (value !== null && typeof value === 'object' && 'score' in value)
    return scoreOf((value as { score: unknown }).score, label);
  return undefined;
}

function field(sample: unknown, key: string): unknown {
  if (sample === null || typeof sample !== 'object') return undefined;
  return (sample as Record<string, unknown>)[key];
}

/**
 * A visualizer for image classification (mmpretrain's `UniversalVisualizer.visualize_cls`): draws the ground truth and
 * the prediction (class index, class name from the dataset's `classes`, score) over the image, the prediction in
 * green when right and red when wrong, and stores the drawing in every backend (or `out_file`).
 *
 * @example
 * visualizer: { type: 'ClsVisualizer', vis_backends: [{ type: 'LocalVisBackend' }], resize: 224 }
 */
export class ClsVisualizer extends Visualizer {
  static override readonly optionsSchema = optionsSchema<ClsVisualizerOptions>({
    ...Visualizer.optionsSchema.shape,
    resize: z.number().int().positive().nullable().optional(),
    draw_score: z.boolean().optional(),
  } satisfies ShapeOf<ClsVisualizerOptions>);

  readonly resize: number | null;
  readonly draw_score: boolean;

  constructor(options: ClsVisualizerOptions = {}) {
    const { resize, draw_score, ...base } = options;
    super(base);
    this.resize = resize === undefined ? 224 : resize;
    this.draw_score = draw_score ?? true;
  }

  private _className(label: number): string {
    const classes = this.datasetMeta?.['classes'];
    const name = Array.isArray(classes) ? classes[label] : undefined;
    return name === undefined ? '' : ` (${String(name)})`;
  }

  override addDatasample(
    name: string,
    image: ImageInput,
    dataSample?: unknown,
    options: AddDatasampleOptions = {},
  ): MaybePromise {
    const { draw_gt = true, draw_pred = true, out_file = null, step = 0 } = options;
    let img: VisImage = withChannels(toVisImage(image, 'ClsVisualizer.addDatasample', 'cast'), 3);
    if (this.resize !== null) {
      const scale = this.resize / Math.min(img.width, img.height);
      img = resizeImage(img, Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)));
    }
    this.setImage(img);
    const scale = Math.min(3, Math.max(0.3, Math.min(img.width, img.height) / 224));
    const lines: Array<{ text: string; color: string }> = [];
    const gt = labelOf(field(dataSample, 'gt_label'));
    const pred = labelOf(field(dataSample, 'pred_label'));
    if (draw_gt && gt !== undefined) lines.push({ text: `Ground truth: ${gt}${this._className(gt)}`, color: 'white' });
    if (draw_pred && pred !== undefined) {
      const score = this.draw_score ? scoreOf(field(dataSample, 'pred_score'), pred) : undefined;
      const scoreText = score === undefined ? '' : `, ${score.toFixed(2)}`;
      const color = gt === undefined ? 'white' : gt === pred ? 'lime' : 'red';
      lines.push({ text: `Prediction: ${pred}${scoreText}${this._className(pred)}`, color });
    }
    if (dataSample !== undefined && dataSample !== null && gt === undefined && pred === undefined) {
      throw new VisualizationError(
        'BAD_OPTIONS',
        `ClsVisualizer.addDatasample("${name}"): the data sample has neither gt_label nor pred_label, got ${describe(dataSample)}`,
      );
    }
    if (lines.length > 0) {
      const fontSize = Math.max(6, Math.round(9 * scale));
      this.drawTexts(
        lines.map((l) => l.text),
        lines.map((_, i) => [5 * scale, 5 * scale + i * fontSize * PX_PER_PT * 1.6]),
        {
          font_sizes: fontSize,
          colors: lines.map((l) => l.color),
          bboxes: { facecolor: 'black', edgecolor: 'none', alpha: 0.6, pad: 2 },
        },
      );
    }
    const drawn = this.getImage();
    if (out_file !== null) return encodePng(drawn).then((png) => put(png, out_file));
    return this.addImage(name, drawn, step);
  }
}
