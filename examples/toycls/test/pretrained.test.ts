// The model toycls publishes: its model index lists the weights it ships, and @eng/hub builds the model and loads
// them, as a user of the package would (`getModel('toycls::...', { pretrained: true })`).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pseudoCollate } from '@eng/dataset';
import { getConfig, getModel, loadModelIndex, sha256OfFile } from '@eng/hub';
import { DATASETS, DefaultScope } from '@eng/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ImageClassifier, ShapeAccuracy, type ShapesDataset } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

const root = fileURLToPath(new URL('..', import.meta.url));
const CFG = 'toycls::small_resnet_shapes.ts';

async function accuracyOn(model: ImageClassifier, samples: number): Promise<number> {
  const cfg = await getConfig(CFG);
  const dataset = DefaultScope.overwriteDefaultScope('toycls', () =>
    DATASETS.build({ ...cfg.get<Record<string, unknown>>('val_dataloader.dataset'), num_samples: samples }),
  ) as ShapesDataset;
  const items = await Promise.all(Array.from({ length: samples }, (_, i) => dataset.getItem(i)));
  const batch = pseudoCollate(items) as never;
  const metric = new ShapeAccuracy();
  metric.process(batch, (await model.testStep(batch)) as never);
  const results = (await metric.evaluate(samples)) as Record<string, number>;
  return results['accuracy/top1'] as number;
}

describe('the published weights', () => {
  it('are listed in model-index.yml with their sha256, which the file matches', async () => {
    const index = await loadModelIndex(join(root, 'model-index.yml'));
    const [entry] = index.models;
    expect(entry?.Name).toBe('small_resnet_shapes');
    expect(entry?.Config).toBe('configs/small_resnet_shapes.ts');
    expect(await sha256OfFile(join(root, entry?.Weights as string))).toBe(entry?.Sha256);
  });

  it('classify the validation shapes (a freshly initialised model does not)', async () => {
    const pretrained = await getModel<ImageClassifier>(CFG, { pretrained: true });
    expect(pretrained.isInit).toBe(true);
    expect(await accuracyOn(pretrained, 128)).toBeGreaterThanOrEqual(95);
    const fresh = await getModel<ImageClassifier>(CFG);
    await fresh.initWeights();
    expect(await accuracyOn(fresh, 128)).toBeLessThan(60);
  }, 120_000);
});
