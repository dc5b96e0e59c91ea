import { fileURLToPath } from 'node:url';
import { Config } from '@eng/config';
import { describe, expect, it } from 'vitest';
import '../src/index';

const file = fileURLToPath(new URL('../configs/small_resnet_shapes.ts', import.meta.url));

describe('configs/small_resnet_shapes.ts', () => {
  it('merges its four _base_ files', async () => {
    const cfg = await Config.fromFile(file, { importCustomModules: false });
    expect(cfg.get('default_scope')).toBe('toycls');
    expect(cfg.get('model.type')).toBe('ImageClassifier');
    expect(cfg.get('model.backbone')).toEqual({ type: 'SmallResNet', depth: 3, width: 8, in_channels: 3 });
    expect(cfg.get('train_dataloader.dataset.type')).toBe('ShapesDataset');
    expect(cfg.get('val_evaluator.type')).toBe('ShapeAccuracy');
    expect(cfg.get('optim_wrapper.optimizer.type')).toBe('SGD');
    expect(cfg.get('train_cfg.max_epochs')).toBe(5);
    expect(cfg.get('visualizer.type')).toBe('ClsVisualizer');
    expect(cfg.get('custom_imports')).toEqual({ imports: ['toycls'] });
  });
});
