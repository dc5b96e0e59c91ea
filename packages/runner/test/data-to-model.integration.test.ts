// The data side meets the model: MNIST digits through @eng/dataset's pipeline and DataLoader (pseudo_collate, typed
// arrays, LabelData labels) straight into a @eng/model classifier's trainStep, as the Runner will feed it.
import { DataLoader } from '@eng/dataset';
import { type BaseModel, MLP } from '@eng/model';
import { buildOptimWrapper } from '@eng/optim';
import { MODELS } from '@eng/registry';
import { initBackend, setRandomSeed } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
  setRandomSeed(0);
});

describe('a DataLoader feeds a classifier', () => {
  it("PackInputs' { inputs, data_samples } train an MLP through its ImgDataPreprocessor", async () => {
    const loader = new DataLoader({
      dataset: {
        type: 'MNIST',
        split: 'test',
        indices: 96,
        pipeline: [{ type: 'RandomFlip', prob: 0.5 }, { type: 'PackInputs' }],
      },
      batch_size: 32,
      sampler: { type: 'DefaultSampler', shuffle: true, seed: 1 },
    });
    const model = MODELS.build({
      type: 'MLP',
      in_features: 784,
      hidden_channels: [64],
      num_classes: 10,
      data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5], std: [127.5] },
    }) as unknown as BaseModel;
    expect(model).toBeInstanceOf(MLP);
    const optimWrapper = buildOptimWrapper(model, { type: 'OptimWrapper', optimizer: { type: 'Adam', lr: 0.003 } });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      loader.setEpoch(epoch);
      for await (const batch of loader) {
        const { loss } = model.trainStep(batch as Record<string, unknown>, optimWrapper) as { loss: number };
        losses.push(loss);
      }
    }
    expect(losses).toHaveLength(9);
    expect(losses.every(Number.isFinite)).toBe(true);
    const first = (losses[0]! + losses[1]! + losses[2]!) / 3;
    const last = (losses[6]! + losses[7]! + losses[8]!) / 3;
    expect(last).toBeLessThan(first); // it learns from what the loader gives it
  }, 120_000);
});
