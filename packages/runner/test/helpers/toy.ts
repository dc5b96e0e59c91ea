// A tiny regression task (y = 2x - 1) and a runner around it, for the tests of the runner and its hooks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseMetric } from '@eng/evaluator';
import { BaseModel, Linear } from '@eng/model';
import { METRICS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll } from 'vitest';
import { Runner } from '../../src/index';

export const root = mkdtempSync(join(tmpdir(), 'eng-runner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The toy models are objects made before their runners (as in the manual), so their variables need a backend first.
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});
let dirCount = 0;
export const newDir = (): string => join(root, `run${dirCount++}`);

/** y = 2x - 1 on one feature: a linear model learns it in a few steps. */
export class ToyModel extends BaseModel {
  readonly fc = new Linear({ in_features: 1, out_features: 1 });
  lossOverride: number | undefined;

  override forward(inputs: unknown, dataSamples?: unknown, mode?: string): unknown {
    const x = tf.tensor2d(inputs as number[], [(inputs as number[]).length, 1]);
    const pred = this.fc.forward(x) as tf.Tensor2D;
    if (mode === 'loss') {
      const y = tf.tensor2d(dataSamples as number[], [(dataSamples as number[]).length, 1]);
      const loss = tf.losses.meanSquaredError(y, pred);
      return { loss: this.lossOverride === undefined ? loss : tf.mul(loss, this.lossOverride) };
    }
    const values = Array.from(pred.dataSync());
    return values.map((p, i) => ({ pred: p, gt: (dataSamples as number[])[i] }));
  }
}

export class MeanError extends BaseMetric {
  override process(_batch: unknown, samples: readonly unknown[]): void {
    for (const s of samples as Array<{ pred: number; gt: number }>) this.results.push(Math.abs(s.pred - s.gt));
  }
  override computeMetrics(results: unknown[]): Record<string, number> {
    const r = results as number[];
    return { mae: r.reduce((a, b) => a + b, 0) / r.length };
  }
}
if (!METRICS.get('ToyMeanError')) METRICS.registerModule({ name: 'ToyMeanError', module: MeanError });

/** A list of batches as a dataloader: `{ inputs, data_samples }` per batch. */
export function toyLoader(batches: number, batchSize = 4) {
  const data = Array.from({ length: batches }, (_, b) => {
    const xs = Array.from({ length: batchSize }, (_, i) => (b * batchSize + i) / (batches * batchSize));
    return { inputs: xs, data_samples: xs.map((x) => 2 * x - 1) };
  });
  return {
    length: batches,
    dataset: { length: batches * batchSize },
    async *[Symbol.asyncIterator]() {
      yield* data;
    },
  };
}

export function toyRunner(extra: Record<string, unknown> = {}): Runner {
  return new Runner({
    model: new ToyModel(),
    work_dir: newDir(),
    train_dataloader: toyLoader(5),
    train_cfg: { by_epoch: true, max_epochs: 2 },
    optim_wrapper: { optimizer: { type: 'SGD', lr: 0.1 } },
    val_dataloader: toyLoader(2),
    val_cfg: {},
    val_evaluator: { type: 'ToyMeanError' },
    env_cfg: { backend: ['cpu'] },
    randomness: { seed: 1 },
    default_hooks: { checkpoint: null },
    ...extra,
  } as never);
}
