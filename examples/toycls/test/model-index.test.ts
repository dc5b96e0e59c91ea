import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Config } from '@eng/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOYCLS_MODELS } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

const root = fileURLToPath(new URL('..', import.meta.url));

interface ModelEntry {
  Name: string;
  Config: string;
  Weights: string;
  Metadata: { Parameters: number };
  Results: Array<{ Task: string; Dataset: string; Metrics: Record<string, number> }>;
}

describe('model-index.yml', () => {
  it('lists small_resnet_shapes with its config, weights and results (OpenMMLab format)', async () => {
    const index = await Config.fromFile(`${root}model-index.yml`);
    const models = index.get<ModelEntry[]>('Models');
    expect(models).toHaveLength(1);
    const entry = models[0] as ModelEntry;
    expect(entry.Name).toBe('small_resnet_shapes');
    expect(entry.Config).toBe('configs/small_resnet_shapes.ts');
    expect(existsSync(`${root}${entry.Config}`)).toBe(true);
    expect(entry.Weights).toMatch(/^weights\/small_resnet_shapes-[0-9a-f]{8}\.safetensors$/);
    expect(entry.Results[0]).toMatchObject({ Task: 'Image Classification', Dataset: 'Shapes' });
    expect(typeof entry.Results[0]?.Metrics['Top 1 Accuracy']).toBe('number');

    const cfg = await Config.fromFile(`${root}${entry.Config}`, { importCustomModules: false });
    const model = TOYCLS_MODELS.build(cfg.get<Record<string, unknown>>('model'));
    const params = [...model.parameters()].reduce((n, p) => n + p.size, 0);
    expect(entry.Metadata.Parameters).toBe(params);
  });
});
