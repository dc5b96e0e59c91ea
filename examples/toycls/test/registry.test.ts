import { DATASETS, HOOKS, importAllLocations, METRICS, MODELS, TRANSFORMS, VISUALIZERS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import {
  ImageClassifier,
  ShapeAccuracy,
  ShapesDataset,
  TOYCLS_DATASETS,
  TOYCLS_METRICS,
  TOYCLS_MODELS,
  TOYCLS_TRANSFORMS,
  TOYCLS_VISUALIZERS,
} from '../src/index';

describe('toycls registries', () => {
  it('are children of the root registries in scope toycls', () => {
    const pairs = [
      [TOYCLS_MODELS, MODELS],
      [TOYCLS_DATASETS, DATASETS],
      [TOYCLS_TRANSFORMS, TRANSFORMS],
      [TOYCLS_METRICS, METRICS],
      [TOYCLS_VISUALIZERS, VISUALIZERS],
    ] as const;
    for (const [child, root] of pairs) {
      expect(child.parent).toBe(root);
      expect(child.scope).toBe('toycls');
      expect(root.children.get('toycls')).toBe(child);
    }
    // every other root has an (empty) toycls child, so builds under default_scope 'toycls' find their scope
    expect(HOOKS.children.get('toycls')?.size).toBe(0);
  });

  it('import their locations, which register the modules', async () => {
    expect(TOYCLS_MODELS.locations).toHaveLength(1);
    await importAllLocations(MODELS);
    expect(TOYCLS_MODELS.imported).toBe(true);
    expect(TOYCLS_MODELS.get('ImageClassifier')).toBe(ImageClassifier);
    expect(TOYCLS_DATASETS.get('ShapesDataset')).toBe(ShapesDataset);
    expect(TOYCLS_METRICS.get('ShapeAccuracy')).toBe(ShapeAccuracy);
  });
});
