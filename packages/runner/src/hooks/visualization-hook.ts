import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { joinPath } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { z } from 'zod';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

export interface VisualizationHookOptions {
  /** Draw at all (default true; MMEngine's downstream hooks call it `draw` / `enable`). */
  draw?: boolean;
  /** Draw during validation every `interval` training epochs (default 1), and at every validation of `runner.val()`. */
  interval?: number;
  /** How many samples of each validation (the first ones) to draw (default 4). */
  num_samples?: number;
  /** Draw the ground truth (default true). */
  draw_gt?: boolean;
  /** Draw the predictions (default true). */
  draw_pred?: boolean;
  /** Predictions scoring below this are left out, for visualizers that draw scored instances (default 0.3). */
  pred_score_thr?: number;
  /**
   * In `runner.test()`, draw every test sample into this folder of the run's log dir (relative) or this path
   * (absolute or a URI); `null` (default) draws none.
   */
  test_out_dir?: string | null;
}

const shape = {
  draw: z.boolean().optional(),
  interval: z.number().int().positive().optional(),
  num_samples: z.number().int().nonnegative().optional(),
  draw_gt: z.boolean().optional(),
  draw_pred: z.boolean().optional(),
  pred_score_thr: z.number().optional(),
  test_out_dir: z.string().min(1).nullable().optional(),
} satisfies ShapeOf<VisualizationHookOptions>;

interface BatchLike {
  inputs?: unknown;
  data_samples?: unknown;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * The `i`-th image of a batch's `inputs`: an entry of a list of images, or a slice of a batched tensor (`owned`:
 * made here, disposed after drawing).
 */
function inputAt(inputs: unknown, i: number): { image: unknown; owned: boolean } {
  if (Array.isArray(inputs)) return { image: inputs[i], owned: false };
  type Sliceable = {
    shape: number[];
    slice(begin: number[], size: number[]): Sliceable;
    reshape(shape: number[]): unknown;
    dispose(): void;
  };
  const tensor = inputs as Partial<Sliceable> | undefined;
  if (typeof tensor?.slice === 'function' && Array.isArray(tensor.shape)) {
    const [, ...rest] = tensor.shape;
    const part = (tensor as Sliceable).slice([i, ...rest.map(() => 0)], [1, ...rest]);
    const image = part.reshape(rest);
    part.dispose();
    return { image, owned: true };
  }
  return { image: undefined, owned: false };
}

/** A file name for a sample: its `img_path`'s base name when it has one, else the batch position. */
function sampleName(sample: unknown, index: number): string {
  const meta = sample as { metainfo?: Record<string, unknown>; img_path?: unknown } | null;
  const path = meta?.metainfo?.['img_path'] ?? meta?.img_path;
  if (typeof path === 'string' && path.length > 0) return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  return `sample_${index}`;
}

/**
 * Draws predictions through the runner's visualizer (`visualizer.addDatasample`), as mmdet's and mmpretrain's
 * `VisualizationHook`s do; MMEngine's base `Visualizer` draws nothing, a task's visualizer (`ClsVisualizer`, yours)
 * does. During validation it draws the first `num_samples` samples every `interval` epochs, stored by the
 * visualizer's backends under `val_<name>` at the epoch; in `runner.test()` with `test_out_dir`, every test sample
 * goes to a PNG there. Priority NORMAL.
 *
 * @example
 * default_hooks: { visualization: { type: 'VisualizationHook', interval: 1, num_samples: 8 } }
 */
export class VisualizationHook extends Hook {
  static readonly optionsSchema = optionsSchema<VisualizationHookOptions>(shape);

  override priority: Hook['priority'] = 'NORMAL';
  readonly draw: boolean;
  readonly interval: number;
  readonly num_samples: number;
  readonly draw_gt: boolean;
  readonly draw_pred: boolean;
  readonly pred_score_thr: number;
  readonly test_out_dir: string | null;
  private _drawnThisVal = 0;
  private _testIndex = 0;
  private _warned = false;

  constructor(options: VisualizationHookOptions = {}) {
    super();
    const parsed = options;
    this.draw = parsed.draw ?? true;
    this.interval = parsed.interval ?? 1;
    this.num_samples = parsed.num_samples ?? 4;
    this.draw_gt = parsed.draw_gt ?? true;
    this.draw_pred = parsed.draw_pred ?? true;
    this.pred_score_thr = parsed.pred_score_thr ?? 0.3;
    this.test_out_dir = parsed.test_out_dir ?? null;
  }

  override beforeValEpoch(): void {
    this._drawnThisVal = 0;
  }

  override beforeTestEpoch(): void {
    this._testIndex = 0;
  }

  /** Validation inside training runs after the epoch's count went up, so `runner.epoch` is the epoch just trained. */
  private _valDue(runner: Runner): boolean {
    if (!runner.hasTrainLoop) return true;
    return runner.epoch % this.interval === 0;
  }

  override async afterValIter(runner: Runner, _batchIdx: number, dataBatch?: unknown, outputs?: unknown) {
    if (!this.draw || this._drawnThisVal >= this.num_samples || !this._valDue(runner)) return;
    const samples = asList(outputs);
    const inputs = (dataBatch as BatchLike | undefined)?.inputs;
    for (let i = 0; i < samples.length && this._drawnThisVal < this.num_samples; i++) {
      const index = this._drawnThisVal++;
      await this._drawOne(runner, `val_${sampleName(samples[i], index)}`, inputAt(inputs, i), samples[i], {
        step: runner.epoch,
      });
    }
  }

  override async afterTestIter(runner: Runner, _batchIdx: number, dataBatch?: unknown, outputs?: unknown) {
    if (!this.draw || this.test_out_dir === null) return;
    const dir = /^([a-z][a-z0-9+.-]*:\/\/|\/)/i.test(this.test_out_dir)
      ? this.test_out_dir
      : joinPath(runner.logDir, this.test_out_dir);
    const samples = asList(outputs);
    const inputs = (dataBatch as BatchLike | undefined)?.inputs;
    for (let i = 0; i < samples.length; i++) {
      const index = this._testIndex++;
      const name = sampleName(samples[i], index);
      const file = joinPath(dir, /\.(png|jpe?g)$/i.test(name) ? name.replace(/\.[^.]+$/, '.png') : `${name}.png`);
      await this._drawOne(runner, `test_${name}`, inputAt(inputs, i), samples[i], { step: index, out_file: file });
    }
  }

  private async _drawOne(
    runner: Runner,
    name: string,
    input: { image: unknown; owned: boolean },
    sample: unknown,
    extra: { step: number; out_file?: string },
  ): Promise<void> {
    const { image, owned } = input;
    if (image === undefined) {
      if (!this._warned) {
        this._warned = true;
        printLog(
          `VisualizationHook: the batch has no image for sample "${name}" (data_batch.inputs should be a list of images or a batched tensor); nothing is drawn`,
          { logger: 'current', level: 'warning' },
        );
      }
      return;
    }
    try {
      await runner.visualizer.addDatasample(name, image as never, sample as never, {
        draw_gt: this.draw_gt,
        draw_pred: this.draw_pred,
        pred_score_thr: this.pred_score_thr,
        ...extra,
      });
    } catch (error) {
      throw new RunnerError(
        'HOOK_FAILED',
        `VisualizationHook: ${runner.visualizer.constructor.name}.addDatasample("${name}") failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    } finally {
      if (owned) (image as { dispose(): void }).dispose();
    }
  }
}
