import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ConfigContext, defineConfig, type EngConfig } from '../src/index';

class SGD {
  constructor(readonly options: object) {}
}

describe('defineConfig', () => {
  it('returns its argument and keeps the literal type', () => {
    const cfg = defineConfig({
      _base_: ['./base.ts'],
      model: { type: 'ResNet', depth: 50 },
      optim_wrapper: {
        type: 'OptimWrapper',
        constructor: 'DefaultOptimWrapperConstructor',
        optimizer: { type: SGD, lr: 0.1 },
      },
      train_cfg: { by_epoch: true, max_epochs: 12 },
      default_hooks: { checkpoint: { type: 'CheckpointHook', interval: 1 }, visualization: null },
      custom_imports: { imports: ['./my_module.ts'], allow_failed_imports: false },
      my_own_key: { anything: [1, 'two'] },
    });
    expect(cfg.model.depth).toBe(50);
    expectTypeOf(cfg.train_cfg.max_epochs).toEqualTypeOf<number>();
    expectTypeOf(cfg).toMatchTypeOf<EngConfig>();
  });

  it('an optim_wrapper without a constructor key type-checks', () => {
    const cfg = defineConfig({ optim_wrapper: { type: 'OptimWrapper', optimizer: { type: 'SGD', lr: 0.1 } } });
    expect(cfg.optim_wrapper.optimizer.lr).toBe(0.1);
  });

  it('accepts a function of the context', () => {
    const fn = defineConfig(({ base, fileBasenameNoExtension }: ConfigContext) => ({
      work_dir: `./work_dirs/${fileBasenameNoExtension}`,
      train_cfg: { max_epochs: (base.train_cfg?.max_epochs ?? 12) * 2 },
    }));
    const out = fn({
      base: { train_cfg: { max_epochs: 12 } },
      fileDirname: '/x',
      fileBasename: 'a.ts',
      fileBasenameNoExtension: 'a',
      fileExtname: '.ts',
    });
    expect(out).toEqual({ work_dir: './work_dirs/a', train_cfg: { max_epochs: 24 } });
  });

  it('types the well-known keys', () => {
    // @ts-expect-error max_epochs is a number
    defineConfig({ train_cfg: { max_epochs: 'twelve' } });
    // @ts-expect-error train_dataloader.batch_size is a number
    defineConfig({ train_dataloader: { batch_size: '2' } });
    // @ts-expect-error _base_ is a path or a list of paths
    defineConfig({ _base_: 3 });
    expect(defineConfig({ launcher: 'none' })).toEqual({ launcher: 'none' });
  });
});
