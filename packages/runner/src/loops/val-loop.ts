import { allGatherObjectSync, allReduceSync } from '@eng/dist';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import type { Evaluator } from '@eng/evaluator';
import { HistoryBuffer } from '@eng/logging';
import { collectTensors, tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import type { Metrics } from '../hooks/hook';
import type { Runner } from '../runner/runner';
import { BaseLoop } from './base-loop';
import { runnerSchema } from './epoch-based-train-loop';

export interface ValLoopOptions {
  runner: Runner;
  dataloader: unknown;
  evaluator: unknown;
  fp16?: boolean;
}

const shape = {
  runner: runnerSchema,
  dataloader: z.unknown(),
  evaluator: z.unknown(),
  fp16: z.boolean().optional(),
} satisfies ShapeOf<ValLoopOptions>;

/** Splits the loss entries off a model's val/test outputs (MMEngine's `_update_losses`) into running means. */
function collectLosses(outputs: unknown, losses: Map<string, HistoryBuffer>): unknown {
  if (!Array.isArray(outputs) || outputs.length === 0) return outputs;
  const last = outputs[outputs.length - 1] as Record<string, unknown> | undefined;
  if (last === null || typeof last !== 'object' || Array.isArray(last) || !('loss' in last)) return outputs;
  for (const [key, value] of Object.entries(last.loss as Record<string, unknown>)) {
    if (typeof value !== 'number') continue;
    let buffer = losses.get(key);
    if (buffer === undefined) losses.set(key, (buffer = new HistoryBuffer()));
    buffer.update(value);
  }
  return outputs.slice(0, -1);
}

/**
 * The mean of each loss, and their sum as `loss` (MMEngine's `_parse_losses`), under `prefix/`. In a distributed run
 * the means are over every rank's batches (every rank calls this), so that hooks watching a validation loss (early
 * stopping, schedulers on plateau) decide the same on every rank.
 */
function lossMetrics(losses: Map<string, HistoryBuffer>, prefix: string, distributed: boolean): Metrics {
  const keys = distributed ? [...new Set(allGatherObjectSync([...losses.keys()]).flat())].sort() : [...losses.keys()];
  if (keys.length === 0) return {};
  // [sum, count] per key, summed over the ranks
  const sums = new Float64Array(keys.length * 2);
  if (distributed) {
    keys.forEach((key, i) => {
      const [values, counts] = losses.get(key)?.data ?? [[], []];
      sums[2 * i] = values.reduce((a, b) => a + b, 0);
      sums[2 * i + 1] = counts.reduce((a, b) => a + b, 0);
    });
    allReduceSync(sums, 'sum');
  }
  const out: Metrics = {};
  let total = 0;
  keys.forEach((key, i) => {
    const mean = distributed
      ? (sums[2 * i] as number) / (sums[2 * i + 1] as number)
      : (losses.get(key) as HistoryBuffer).mean();
    out[`${prefix}/${key}`] = mean;
    if (key.includes('loss')) total += mean;
  });
  out[`${prefix}/loss`] = total;
  return out;
}

/** Disposes the tensors the model made for its predictions; tensors it passed through from the batch stay. */
function releasePredictions(predictions: unknown, batch: unknown): void {
  const fromBatch = new Set(collectTensors(batch));
  for (const t of collectTensors(predictions)) {
    if (!fromBatch.has(t) && !(t instanceof tf.Variable) && !t.isDisposed) t.dispose();
  }
}

abstract class EvaluationLoop extends BaseLoop {
  readonly evaluator: Evaluator;
  readonly fp16: boolean;
  private readonly _losses = new Map<string, HistoryBuffer>();

  constructor(options: ValLoopOptions, mode: 'val' | 'test') {
    super(options.runner, options.dataloader, `${mode}_dataloader`);
    this.evaluator = options.runner.buildEvaluator(options.evaluator, `${mode}_evaluator`);
    const meta = (this.dataloader.dataset as { metainfo?: unknown } | undefined)?.metainfo;
    if (meta !== undefined) {
      (this.evaluator as { datasetMeta?: unknown }).datasetMeta = meta;
      // MMEngine's loops give the visualizer the class names and palette too, for drawing
      options.runner.visualizer.datasetMeta = meta as Record<string, unknown>;
    }
    this.fp16 = options.fp16 ?? false;
  }

  protected async runMode(mode: 'val' | 'test'): Promise<Metrics> {
    const runner = this.runner;
    const Mode = mode === 'val' ? 'Val' : 'Test';
    await runner.callHook(`before${Mode}`);
    await runner.callHook(`before${Mode}Epoch`);
    runner.model.eval();
    this._losses.clear();
    let idx = 0;
    for await (const batch of this.dataloader) {
      await runner.callHook(`before${Mode}Iter`, idx, batch);
      const raw: unknown = await (mode === 'val'
        ? runner.model.valStep(batch as never)
        : runner.model.testStep(batch as never));
      const outputs = collectLosses(raw, this._losses);
      this.evaluator.process(outputs as never, batch as never);
      await runner.callHook(`after${Mode}Iter`, idx, batch, outputs);
      releasePredictions(raw, batch);
      this.releaseBatch(batch);
      idx += 1;
    }
    const size = (this.dataloader.dataset as { length?: number } | undefined)?.length ?? idx;
    const metrics: Metrics = { ...(await this.evaluator.evaluate(size)) };
    Object.assign(metrics, lossMetrics(this._losses, mode, runner.distributed));
    await runner.callHook(`after${Mode}Epoch`, metrics);
    await runner.callHook(`after${Mode}`);
    return metrics;
  }
}

/** MMEngine's `ValLoop`: one pass over the val dataloader; the evaluator gets each batch's predictions. */
export class ValLoop extends EvaluationLoop {
  static readonly optionsSchema = optionsSchema<ValLoopOptions>(shape);

  constructor(options: ValLoopOptions) {
    super(options, 'val');
  }

  run(): Promise<Metrics> {
    return this.runMode('val');
  }
}

/** MMEngine's `TestLoop`: as {@link ValLoop} over the test dataloader and evaluator. */
export class TestLoop extends EvaluationLoop {
  static readonly optionsSchema = optionsSchema<ValLoopOptions>(shape);

  constructor(options: ValLoopOptions) {
    super(options, 'test');
  }

  run(): Promise<Metrics> {
    return this.runMode('test');
  }
}
