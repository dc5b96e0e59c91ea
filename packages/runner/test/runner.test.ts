// The Runner itself: options and config checks before anything runs, hook registration and calling order, the
// loops' data flow, lazy building, the default scope, isolation between runners, and non-finite losses.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '@eng/config';
import { MMDistributedDataParallel, unwrapModel } from '@eng/model';
import { HOOKS, MODELS, Registry } from '@eng/registry';
import { readSafetensors, tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Hook, IterBasedTrainLoop, Priority, Runner, RunnerError } from '../src/index';
import { newDir, ToyModel, toyLoader, toyRunner } from './helpers/toy';

class Recorder extends Hook {
  readonly calls: string[] = [];
  constructor(
    readonly label = 'r',
    priority: Hook['priority'] = 'NORMAL',
  ) {
    super();
    this.priority = priority;
  }
  override beforeRun(): void {
    this.calls.push('beforeRun');
  }
  override beforeTrainEpoch(runner: Runner): void {
    this.calls.push(`beforeTrainEpoch:${runner.epoch}`);
  }
  override afterTrainIter(runner: Runner, batchIdx: number, _batch?: unknown, outputs?: Record<string, number>): void {
    this.calls.push(`afterTrainIter:${runner.iter}:${batchIdx}:${typeof outputs?.loss}`);
  }
  override async afterValEpoch(_runner: Runner, metrics?: Record<string, unknown>): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.calls.push(`afterValEpoch:${Object.keys(metrics ?? {}).join(',')}`);
  }
  override afterRun(): void {
    this.calls.push('afterRun');
  }
}

describe('Runner options', () => {
  it('refuses a train part without the others, naming what is missing', () => {
    expect(() => toyRunner({ optim_wrapper: undefined })).toThrow(
      /train_dataloader, train_cfg, optim_wrapper should be either all given or all left out .*optim_wrapper is missing/,
    );
    expect(() => toyRunner({ val_evaluator: undefined })).toThrow(/val_evaluator is missing/);
  });

  it('suggests the nearest option for a misspelt one', () => {
    expect(() => toyRunner({ trian_cfg: {} })).toThrow(/unknown option "trian_cfg"; did you mean "train_cfg"/);
  });

  it('fromCfg reports a misspelt top-level key of the config file, but keeps config variables', () => {
    const cfg = new Config({
      model: { type: 'Linear', in_features: 1, out_features: 1 },
      work_dir: newDir(),
      dataset_type: 'X',
      val_evalutor: {},
    });
    expect(() => Runner.fromCfg(cfg)).toThrow(/unknown top-level key "val_evalutor"; did you mean "val_evaluator"/);
    const ok = new Config({
      model: { type: 'Linear', in_features: 1, out_features: 1 },
      work_dir: newDir(),
      dataset_type: 'X',
      img_scale: 3,
    });
    expect(Runner.fromCfg(ok)).toBeInstanceOf(Runner);
  });

  it('names a misspelt launcher, and says what replaces torchrun (launcher "pytorch")', () => {
    expect(() => toyRunner({ launcher: 'mpii' })).toThrow(
      /launcher should be one of "none", "mpi", "slurm".*Did you mean "mpi"/,
    );
    expect(() => toyRunner({ launcher: 'pytorch' })).toThrow(/torchrun.*mpirun -np N eng train CONFIG --launcher mpi/);
    expect(() => toyRunner({ cfg: new Config({ model_wrapper_cfg: 'ddp' }) })).toThrow(
      /model_wrapper_cfg should be a config object/,
    );
  });

  it('trains a model given already wrapped, and saves the model inside; one process ignores model_wrapper_cfg', async () => {
    const wrapped = new MMDistributedDataParallel({ module: new ToyModel(), bucket_cap_mb: 1 });
    const runner = toyRunner({ model: wrapped, default_hooks: {} });
    await runner.train();
    expect(runner.model).toBe(wrapped);
    expect(unwrapModel(runner.model)).toBeInstanceOf(ToyModel);
    // one process: the gradients went through the buckets (a no-op average) at every step
    expect(wrapped.gradientSyncStats.steps).toBe(10);
    const { tensors } = await readSafetensors(join(runner.workDir, 'epoch_2.safetensors'));
    expect(
      Object.keys(tensors)
        .filter((k) => k.startsWith('state_dict.'))
        .sort(),
    ).toEqual(['state_dict.fc.bias', 'state_dict.fc.weight']);
    tf.dispose(Object.values(tensors) as tf.Tensor[]);
    const cfg = new Config({ model_wrapper_cfg: { type: 'MMDistributedDataParallel' } });
    const again = toyRunner({ model: new MMDistributedDataParallel({ module: new ToyModel() }), cfg });
    await expect(again.train()).rejects.toThrow(
      /already wrapped \(MMDistributedDataParallel\).*remove model_wrapper_cfg/,
    );
    const bare = toyRunner({ cfg, default_hooks: {} });
    await bare.train();
    expect(bare.model).toBeInstanceOf(ToyModel);
  });

  it('names an unknown hook type with the nearest registered ones, before anything runs', () => {
    expect(() => toyRunner({ custom_hooks: [{ type: 'EMAHok' }] })).toThrow(/EMAHook/);
    expect(() => toyRunner({ default_hooks: { logger: { type: 'LoggerHook', intervl: 3 } } })).toThrow(
      /intervl.*interval|interval.*intervl/s,
    );
  });

  it('names a bad train_cfg key with its path', async () => {
    const runner = toyRunner({ train_cfg: { by_epoch: true, max_epoch: 2 } });
    await expect(runner.train()).rejects.toThrow(/train_cfg.*max_epoch/s);
  });
});

describe('hooks', () => {
  it('are sorted by priority; equal priorities keep registration order; a config priority wins', () => {
    const runner = toyRunner({ default_hooks: {} });
    const names = runner.hooks.map((h) => h.constructor.name);
    expect(names).toEqual([
      'RuntimeInfoHook',
      'IterTimerHook',
      'DistSamplerSeedHook',
      'LoggerHook',
      'ParamSchedulerHook',
      'CheckpointHook',
    ]);
    const a = new Recorder('a', 'LOW');
    const b = new Recorder('b', 'LOW');
    runner.registerHook(a);
    runner.registerHook(b);
    runner.registerHook(new Recorder('first'), 'HIGHEST');
    runner.registerHook(new Recorder('last'), Priority.LOWEST);
    const labels = runner.hooks.map((h) => (h instanceof Recorder ? h.label : h.constructor.name));
    expect(labels).toEqual([
      'first',
      'RuntimeInfoHook',
      'IterTimerHook',
      'DistSamplerSeedHook',
      'LoggerHook',
      'ParamSchedulerHook',
      'a',
      'b',
      'CheckpointHook',
      'last',
    ]);
    expect(() => runner.registerHook(new Recorder(), 'MEDIUM')).toThrow(/unknown hook priority "MEDIUM"/);
  });

  it('see the manual data flow: outputs after each train iteration, metrics after validation', async () => {
    const recorder = new Recorder();
    const runner = toyRunner({ custom_hooks: [recorder] });
    await runner.train();
    expect(recorder.calls[0]).toBe('beforeRun');
    expect(recorder.calls).toContain('beforeTrainEpoch:0');
    expect(recorder.calls).toContain('beforeTrainEpoch:1');
    expect(recorder.calls).toContain('afterTrainIter:0:0:number');
    expect(recorder.calls).toContain('afterTrainIter:9:4:number');
    expect(recorder.calls.filter((c) => c.startsWith('afterValEpoch'))).toEqual([
      'afterValEpoch:mae',
      'afterValEpoch:mae',
    ]);
    expect(recorder.calls.at(-1)).toBe('afterRun');
    expect(runner.messageHub.getScalar('train/loss').data[0]).toHaveLength(10);
    expect(runner.messageHub.getScalar('val/mae').current()).toBeLessThan(1);
    await runner.close();
  }, 60_000);

  it('a hook that throws ends the run with the hook named in the log', async () => {
    class Broken extends Hook {
      override afterTrainIter(): void {
        throw new Error('hook bug');
      }
    }
    const runner = toyRunner({ custom_hooks: [new Broken()] });
    await expect(runner.train()).rejects.toThrow('hook bug');
    await runner.close();
  }, 60_000);

  it('a hook type defined by custom_imports is built once the imports ran', async () => {
    const dir = newDir();
    const runner = toyRunner({
      work_dir: dir,
      cfg: new Config({ custom_imports: { imports: [join(__dirname, 'fixtures', 'custom-hook.mjs')] } }),
      custom_hooks: [{ type: 'FixtureCountingHook' }],
    });
    expect(runner.hooks.some((h) => h.constructor.name === 'FixtureCountingHook')).toBe(false);
    await runner.train();
    const hook = runner.hooks.find((h) => h.constructor.name === 'FixtureCountingHook') as unknown as { count: number };
    expect(hook.count).toBe(10);
    await runner.close();
  }, 60_000);
});

describe('loops', () => {
  it('IterBasedTrainLoop validates every val_interval iterations and at the end, restarting a finite loader', async () => {
    const recorder = new Recorder();
    const runner = toyRunner({
      train_cfg: { by_epoch: false, max_iters: 12, val_interval: 5 },
      custom_hooks: [recorder],
    });
    await runner.train();
    expect(runner.trainLoop).toBeInstanceOf(IterBasedTrainLoop);
    expect(runner.iter).toBe(12);
    expect(runner.epoch).toBe(2); // 12 iterations over a loader of 5 batches: two restarts
    expect(recorder.calls.filter((c) => c.startsWith('afterValEpoch'))).toHaveLength(3); // after 5, 10 and 12
    await runner.close();
  }, 60_000);

  it('EpochBasedTrainLoop honours val_begin and dynamic_intervals', async () => {
    const recorder = new Recorder();
    const runner = toyRunner({
      train_cfg: { by_epoch: true, max_epochs: 8, val_begin: 2, val_interval: 1, dynamic_intervals: [[4, 2]] },
      custom_hooks: [recorder],
    });
    await runner.train();
    // MMEngine decides after epoch e with the interval in effect at e + 1: epoch 1 is before val_begin, epoch 2
    // validates (interval 1), from epoch 3 on the interval is 2 (epochs 4, 6, 8)
    expect(recorder.calls.filter((c) => c.startsWith('afterValEpoch'))).toHaveLength(4);
    await runner.close();
  }, 60_000);

  it('test() runs the test loop only and resolves to its metrics', async () => {
    const runner = toyRunner({
      test_dataloader: toyLoader(3),
      test_cfg: {},
      test_evaluator: [{ type: 'ToyMeanError', prefix: 'toy' }],
    });
    const metrics = await runner.test();
    expect(Object.keys(metrics)).toEqual(['toy/mae']);
    expect(() => runner.trainLoop).toThrow(RunnerError);
    await runner.close();
  }, 60_000);
});

describe('isolation and scope', () => {
  it('two runners in one process have their own hub, logger and visualizer', async () => {
    const one = toyRunner({ experiment_name: 'one' });
    const two = toyRunner({ experiment_name: 'two', train_cfg: { by_epoch: true, max_epochs: 1 } });
    expect(one.messageHub).not.toBe(two.messageHub);
    expect(one.logger).not.toBe(two.logger);
    expect(one.visualizer).not.toBe(two.visualizer);
    await Promise.all([one.train(), two.train()]);
    expect(one.messageHub.getScalar('train/loss').data[0]).toHaveLength(10);
    expect(two.messageHub.getScalar('train/loss').data[0]).toHaveLength(5);
    await Promise.all([one.close(), two.close()]);
  }, 60_000);

  it('builds under its default_scope: unscoped names resolve in the scope of the run', async () => {
    const TOY_MODELS = new Registry('model', { parent: MODELS, scope: 'toyrun' });
    if (!TOY_MODELS.get('ToyModel')) TOY_MODELS.registerModule({ name: 'ToyModel', module: ToyModel as never });
    const runner = toyRunner({ model: { type: 'ToyModel' }, default_scope: 'toyrun' });
    await runner.train();
    expect(runner.model).toBeInstanceOf(ToyModel);
    await runner.close();
  }, 60_000);

  it('imports the package a default_scope names when no registry has that scope yet, as MMEngine does', async () => {
    const TOY_MODELS = MODELS.searchChild('toyrun') ?? new Registry('model', { parent: MODELS, scope: 'toyrun' });
    if (!TOY_MODELS.get('ToyModel')) TOY_MODELS.registerModule({ name: 'ToyModel', module: ToyModel as never });
    // a project whose node_modules holds the package "scopepkg": its entry makes the child registry of that scope
    const project = newDir();
    const pkg = join(project, 'node_modules', 'scopepkg');
    mkdirSync(join(project, 'node_modules', '@eng'), { recursive: true });
    symlinkSync(join(__dirname, '..', '..', 'registry'), join(project, 'node_modules', '@eng', 'registry'), 'dir');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{ "name": "scopepkg", "type": "module", "exports": "./index.mjs" }\n');
    writeFileSync(
      join(pkg, 'index.mjs'),
      [
        "import { MODELS, Registry } from '@eng/registry';",
        "const SCOPE_MODELS = new Registry('model', { parent: MODELS, scope: 'scopepkg' });",
        "class ScopePkgModel extends MODELS.get('toyrun.ToyModel') {}",
        'SCOPE_MODELS.registerModule({ module: ScopePkgModel });',
      ].join('\n'),
    );
    writeFileSync(join(project, 'config.json'), '{}\n');
    const cfg = await Config.fromFile(join(project, 'config.json'));
    const runner = toyRunner({ cfg, model: { type: 'ScopePkgModel' }, default_scope: 'scopepkg' });
    await runner.train();
    expect(runner.model.constructor.name).toBe('ScopePkgModel');
    await runner.close();
  }, 60_000);

  it('warns when a default_scope names neither a registry nor an installed package', async () => {
    const runner = toyRunner({ default_scope: 'no_such_scope_pkg' });
    const warnings: string[] = [];
    const warn = runner.logger.warn.bind(runner.logger);
    runner.logger.warn = (message: string) => {
      warnings.push(message);
      return warn(message);
    };
    await runner.train();
    expect(warnings.join('\n')).toMatch(
      /default_scope "no_such_scope_pkg": no registry has this scope, and importing a package "no_such_scope_pkg" failed/,
    );
    await runner.close();
  }, 60_000);
});

describe('non-finite losses', () => {
  it('warn by default with the iteration, and stop the run with env_cfg.nan_loss: stop', async () => {
    const model = new ToyModel();
    model.lossOverride = Number.NaN;
    const runner = toyRunner({ model, env_cfg: { backend: ['cpu'], nan_loss: 'stop' } });
    await expect(runner.train()).rejects.toThrow(/loss is NaN at iteration 1 \(epoch 1\)/);
    await runner.close();
  }, 60_000);
});

it('HOOKS holds every hook of the contract', () => {
  for (const name of [
    'RuntimeInfoHook',
    'IterTimerHook',
    'DistSamplerSeedHook',
    'LoggerHook',
    'ParamSchedulerHook',
    'CheckpointHook',
    'EMAHook',
    'EarlyStoppingHook',
    'EmptyCacheHook',
    'SyncBuffersHook',
    'ProfilerHook',
    'PrepareTTAHook',
  ]) {
    expect(HOOKS.get(name), name).toBeDefined();
  }
});
