// MMEngine's "15 minutes to get started", written in TypeScript: a BaseModel whose forward takes (inputs, labels,
// mode), a BaseMetric with process/computeMetrics, dataloaders passed as objects, and a Runner built without any
// config file. MNIST stands in for CIFAR-10 (bundled, no download) and a small conv net for ResNet-50.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader } from '@eng/dataset';
import { BaseMetric } from '@eng/evaluator';
import { BaseModel, Conv2d, Linear } from '@eng/model';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, describe, expect, it } from 'vitest';
import { Runner } from '../src/index';

class MMSmallNet extends BaseModel {
  readonly conv = new Conv2d({ in_channels: 1, out_channels: 8, kernel_size: 3, stride: 2, padding: 1 });
  readonly fc = new Linear({ in_features: 8 * 14 * 14, out_features: 10 });

  override forward(imgs: unknown, labels?: unknown, mode?: string): unknown {
    const x = tf.tidy(() => {
      const input = tf.div(tf.cast(imgs as tf.Tensor4D, 'float32'), 255);
      const features = tf.relu(this.conv.forward(input) as tf.Tensor4D);
      return this.fc.forward(tf.reshape(features, [features.shape[0], -1])) as tf.Tensor2D;
    });
    if (mode === 'loss') {
      const y = labels as tf.Tensor1D;
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(y, 'int32'), 10), x);
      return { loss };
    }
    return [x, labels];
  }
}

class Accuracy extends BaseMetric {
  override process(_dataBatch: unknown, dataSamples: readonly unknown[]): void {
    const [score, gt] = dataSamples as [tf.Tensor2D, tf.Tensor1D];
    const correct = tf.tidy(() => tf.sum(tf.equal(tf.argMax(score, 1), tf.cast(gt, 'int32'))).dataSync()[0] as number);
    this.results.push({ batch_size: gt.shape[0], correct });
  }

  override computeMetrics(results: unknown[]): Record<string, number> {
    const rows = results as Array<{ batch_size: number; correct: number }>;
    const correct = rows.reduce((a, r) => a + r.correct, 0);
    const size = rows.reduce((a, r) => a + r.batch_size, 0);
    return { accuracy: (100 * correct) / size };
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'eng-getting-started-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("the manual's getting-started example", () => {
  it('trains and validates with objects passed to the Runner directly', async () => {
    // The model is an object made before the runner, so its variables need a backend (a model config would not).
    await initBackend({ prefer: ['cpu'] });
    // (image, label) pairs, as torchvision's CIFAR10 gives them: a plain function as the pipeline's one transform
    // puts the record's img and gt_label under the names BaseModel.forward receives
    const pipeline = [(r: Record<string, unknown>) => ({ inputs: r.img, data_samples: r.gt_label })];
    const trainDataloader = new DataLoader({
      batch_size: 32,
      dataset: { type: 'MNIST', split: 'train', indices: 1600, pipeline },
      sampler: { type: 'DefaultSampler', shuffle: true, seed: 0 },
      collate_fn: { type: 'default_collate' },
    });
    const valDataloader = new DataLoader({
      batch_size: 100,
      dataset: { type: 'MNIST', split: 'test', indices: 500, pipeline },
      collate_fn: { type: 'default_collate' },
    });
    const runner = new Runner({
      model: new MMSmallNet(),
      work_dir: workDir,
      train_dataloader: trainDataloader,
      optim_wrapper: { optimizer: { type: 'SGD', lr: 0.05, momentum: 0.9 } },
      train_cfg: { by_epoch: true, max_epochs: 2, val_interval: 1 },
      val_dataloader: valDataloader,
      val_cfg: {},
      val_evaluator: { type: Accuracy },
      env_cfg: { backend: ['cpu'] },
      randomness: { seed: 0 },
    });
    await runner.train();
    const metrics = await runner.val();
    expect(metrics.accuracy).toBeGreaterThan(80);
    expect(runner.epoch).toBe(2);
    expect(runner.iter).toBe(100);

    const log = readFileSync(join(runner.logDir, `${runner.timestamp}.log`), 'utf8');
    expect(log).toMatch(/ - eng - INFO - Epoch\(train\) \[1\]\[10\/50\]/);
    expect(log).toContain('System environment:');
    expect(log).toMatch(/Epoch\(val\) \[2\]\[5\/5\]\s+accuracy: \d/);
    expect(readdirSync(workDir)).toEqual(
      expect.arrayContaining(['epoch_1.safetensors', 'epoch_2.safetensors', 'last_checkpoint']),
    );
    await runner.close();
  }, 120_000);
});
