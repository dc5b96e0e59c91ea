import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseMetric } from '@eng/evaluator';
import { MMLogger } from '@eng/logging';
import { captureLog } from '@eng/logging/test';
import { BaseModel, BatchNorm1d, ExponentialMovingAverage, type ForwardMode, Linear } from '@eng/model';
import { METRICS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpointFile, saveCheckpointFile } from '../src/checkpoint/index';
import { type CheckpointDict, EMAHook, Hook, Runner } from '../src/index';

/** MMEngine's runner-test ToyModel: two linear layers, plus a norm layer so there are buffers. */
class ToyModel extends BaseModel {
  linear1 = new Linear({ in_features: 2, out_features: 2 });
  norm = new BatchNorm1d({ num_features: 2 });
  linear2 = new Linear({ in_features: 2, out_features: 1 });
  override forward(inputs: tf.Tensor, _dataSamples?: unknown, _mode: ForwardMode = 'tensor'): unknown {
    return this.linear2.forward(this.norm.forward(this.linear1.forward(inputs) as tf.Tensor) as tf.Tensor);
  }
}

/** A model with one layer more than ToyModel: loading ToyModel's weights into it misses keys. */
class ToyModel2 extends ToyModel {
  linear3 = new Linear({ in_features: 2, out_features: 1 });
}

/** ToyModel with `linear2` of another shape: loading ToyModel's weights into it mismatches shapes. */
class ToyModel3 extends ToyModel {
  override linear2 = new Linear({ in_features: 2, out_features: 3 });
}

beforeAll(async () => {
  await initBackend({ prefer: ['wasm', 'cpu'] });
});

interface Fake {
  model: BaseModel;
  logger: MMLogger;
  epoch: number;
  iter: number;
  maxEpochs: number;
  maxIters: number;
  _resume: boolean;
}

function fakeRunner(model: BaseModel = new ToyModel(), overrides: Partial<Fake> = {}) {
  const lines = captureLog();
  const fake: Fake = {
    model,
    logger: MMLogger.getCurrentInstance(),
    epoch: 0,
    iter: 0,
    maxEpochs: 2,
    maxIters: 8,
    _resume: false,
    ...overrides,
  };
  Object.defineProperty(fake, 'resuming', { get: () => fake._resume });
  Object.defineProperty(fake, 'hasTrainLoop', { get: () => fake.maxIters > 0 });
  return { runner: fake as unknown as Runner, fake, lines };
}

const values = (vars: Iterable<tf.Tensor>): number[][] => [...vars].map((v) => [...v.dataSync()]);

/** Random new weights for every parameter, as a few optimizer steps would leave. */
function randomize(model: BaseModel, seed: number): void {
  [...model.parameters()].forEach((p, i) => {
    const r = tf.randomNormal(p.shape, 0, 1, 'float32', seed + i);
    p.assign(r);
    r.dispose();
  });
}

function stateValues(state: Record<string, unknown>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, [...(v as tf.Tensor).dataSync()]]));
}

function disposeCheckpoint(checkpoint: CheckpointDict, live: BaseModel): void {
  const keep = new Set<unknown>(Object.values(live.stateDict()));
  for (const part of [checkpoint.state_dict, checkpoint.ema_state_dict]) {
    for (const t of Object.values((part ?? {}) as Record<string, tf.Tensor>)) {
      if (!keep.has(t) && !(t instanceof tf.Variable) && !t.isDisposed) t.dispose();
    }
  }
}

describe('EMAHook options (MMEngine test_init)', () => {
  it('takes begin_iter or begin_epoch, not negative and not both', () => {
    expect(() => new EMAHook()).not.toThrow();
    expect(() => new EMAHook({ begin_iter: -1 })).toThrow(/`begin_iter` must/);
    expect(() => new EMAHook({ begin_epoch: -1 })).toThrow(/`begin_epoch` must/);
    expect(() => new EMAHook({ begin_iter: 1, begin_epoch: 1 })).toThrow(/`begin_iter` and `begin_epoch`/);
  });

  it('passes the averaged model options on, and refuses unknown ones with the nearest name', () => {
    const hook = new EMAHook({ momentum: 0.01, update_buffers: true });
    expect(hook.emaCfg).toEqual({ type: 'ExponentialMovingAverage', momentum: 0.01, update_buffers: true });
    const result = EMAHook.optionsSchema['~standard'].validate({ momentun: 0.01 });
    expect('issues' in result && result.issues?.[0]?.message).toMatch(/Did you mean "momentum"/);
    expect(hook.priority).toBe('NORMAL');
  });
});

describe('EMAHook.beforeRun and beforeTrain', () => {
  it('builds an ExponentialMovingAverage of runner.model', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook();
    hook.beforeRun(runner);
    expect(hook.emaModel).toBeInstanceOf(ExponentialMovingAverage);
    expect(hook.srcModel).toBe(fake.model);
    expect(hook.emaModel.module).not.toBe(fake.model);
    // A later run of the same runner keeps the average.
    const ema = hook.emaModel;
    hook.beforeRun(runner);
    expect(hook.emaModel).toBe(ema);
  });

  it('builds another averaged model by ema_type', () => {
    const { runner } = fakeRunner();
    const hook = new EMAHook({ ema_type: 'MomentumAnnealingEMA', gamma: 50 });
    hook.beforeRun(runner);
    expect(hook.emaModel.constructor.name).toBe('MomentumAnnealingEMA');
  });

  it('checks that averaging begins within the run', () => {
    const { runner } = fakeRunner(new ToyModel(), { maxEpochs: 3, maxIters: 12 });
    expect(() => new EMAHook({ begin_epoch: 2 }).beforeTrain(runner)).not.toThrow();
    expect(() => new EMAHook({ begin_epoch: 4 }).beforeTrain(runner)).toThrow(/begin_epoch should be smaller/);
    expect(() => new EMAHook({ begin_iter: 13 }).beforeTrain(runner)).toThrow(/begin_iter should be smaller/);
  });
});

describe('EMAHook.afterTrainIter', () => {
  it('copies the weights at the first update, then averages them', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook({ momentum: 0.1 });
    hook.beforeRun(runner);
    hook.beforeTrain(runner);
    randomize(fake.model, 1);
    hook.afterTrainIter(runner, 0);
    expect(values(hook.emaModel.module.parameters())).toEqual(values(fake.model.parameters()));
    const previous = values(hook.emaModel.module.parameters());
    randomize(fake.model, 100);
    hook.afterTrainIter(runner, 1);
    const src = values(fake.model.parameters());
    values(hook.emaModel.module.parameters()).forEach((ema, i) => {
      ema.forEach((v, j) => {
        expect(v).not.toBe(src[i]?.[j]);
        expect(v).toBeCloseTo(0.9 * (previous[i]?.[j] as number) + 0.1 * (src[i]?.[j] as number), 5);
      });
    });
    expect(hook.emaModel.steps).toBe(2);
  });

  it('before begin_iter, only copies the weights (the average has not started)', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook({ begin_iter: 3 });
    hook.beforeRun(runner);
    for (let i = 0; i < 2; i++) {
      fake.iter = i;
      randomize(fake.model, 10 * i);
      hook.afterTrainIter(runner, i);
      expect(values(hook.emaModel.module.parameters())).toEqual(values(fake.model.parameters()));
      expect(hook.emaModel.steps).toBe(0);
    }
    fake.iter = 2; // the third iteration: runner.iter + 1 >= begin_iter
    hook.afterTrainIter(runner, 2);
    expect(hook.emaModel.steps).toBe(1);
  });

  it('before begin_epoch, only copies the weights', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook({ begin_epoch: 2 });
    hook.beforeRun(runner);
    hook.afterTrainIter(runner, 0);
    expect(hook.emaModel.steps).toBe(0);
    fake.epoch = 1;
    hook.afterTrainIter(runner, 0);
    expect(hook.emaModel.steps).toBe(1);
  });

  it('keeps the tensor count flat', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook({ begin_iter: 2 });
    hook.beforeRun(runner);
    hook.afterTrainIter(runner, 0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      fake.iter = i;
      hook.afterTrainIter(runner, i);
      hook.beforeValEpoch(runner);
      hook.afterValEpoch(runner, {});
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('EMAHook swaps the averaged weights in for validation and test', () => {
  for (const point of ['beforeValEpoch', 'afterValEpoch', 'beforeTestEpoch', 'afterTestEpoch'] as const) {
    it(point, () => {
      const { runner, fake } = fakeRunner();
      const hook = new EMAHook();
      hook.beforeRun(runner);
      hook.afterTrainIter(runner, 0);
      randomize(fake.model, 7);
      const src = values(fake.model.parameters());
      const ema = values(hook.emaModel.module.parameters());
      const buffers = values(fake.model.buffers());
      hook[point](runner, {});
      expect(values(fake.model.parameters())).toEqual(ema);
      expect(values(hook.emaModel.module.parameters())).toEqual(src);
      // Without update_buffers the buffers stay the model's own.
      expect(values(fake.model.buffers())).toEqual(buffers);
    });
  }

  it('swaps the buffers too with update_buffers', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook({ update_buffers: true });
    hook.beforeRun(runner);
    const mean = [...fake.model.namedBuffers()].find(([n]) => n.endsWith('running_mean'))?.[1] as tf.Variable;
    mean.assign(tf.tensor1d([5, 6]));
    const emaMean = values([mean]);
    hook.beforeValEpoch(runner);
    expect(values([mean])).not.toEqual(emaMean);
    hook.afterValEpoch(runner, {});
    expect(values([mean])).toEqual(emaMean);
  });
});

describe('EMAHook and checkpoints', () => {
  it('beforeSaveCheckpoint: state_dict holds the averaged weights, ema_state_dict the source ones', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook();
    hook.beforeRun(runner);
    randomize(hook.emaModel.module as BaseModel, 3);
    const checkpoint: CheckpointDict = { state_dict: new ToyModel().stateDict({ clone: true }) };
    const original = stateValues(checkpoint.state_dict as Record<string, unknown>);
    hook.beforeSaveCheckpoint(runner, checkpoint);
    const ema = stateValues(hook.emaModel.stateDict());
    const saved = stateValues(checkpoint.ema_state_dict as Record<string, unknown>);
    const weights = stateValues(checkpoint.state_dict as Record<string, unknown>);
    for (const key of Object.keys(original)) {
      expect(saved[`module.${key}`]).toEqual(original[key]);
      expect(weights[key]).toEqual(ema[`module.${key}`]);
    }
    expect(saved.steps).toEqual([0]);
    // The checkpoint owns copies: the averaged model's variables are not in it.
    const live = new Set<unknown>(Object.values(hook.emaModel.stateDict()));
    for (const t of Object.values(checkpoint.state_dict as Record<string, unknown>)) expect(live.has(t)).toBe(false);
    disposeCheckpoint(checkpoint, fake.model);
  });

  it('afterLoadCheckpoint without ema_state_dict: the average starts from state_dict', () => {
    const { runner, lines } = fakeRunner();
    const hook = new EMAHook();
    hook.beforeRun(runner);
    const other = new ToyModel();
    const checkpoint: CheckpointDict = { state_dict: other.stateDict({ clone: true }) };
    hook.afterLoadCheckpoint(runner, checkpoint);
    const state = stateValues(other.stateDict());
    const ema = stateValues(hook.emaModel.stateDict());
    for (const key of Object.keys(state)) expect(ema[`module.${key}`]).toEqual(state[key]);
    expect(lines.some((l) => l.includes('There is no `ema_state_dict`'))).toBe(false);
    // The model loads state_dict after the hooks: its tensors are still there.
    const tensors = Object.values(checkpoint.state_dict as Record<string, tf.Tensor>);
    expect(tensors.every((t) => !t.isDisposed)).toBe(true);
    tf.dispose(tensors);
    other.dispose();
  });

  it('afterLoadCheckpoint when resuming without ema_state_dict warns', () => {
    const { runner, fake, lines } = fakeRunner();
    const hook = new EMAHook();
    hook.beforeRun(runner);
    fake._resume = true;
    const other = new ToyModel();
    hook.afterLoadCheckpoint(runner, { state_dict: other.stateDict() });
    expect(lines.find((l) => l.includes('WARNING'))).toMatch(/There is no `ema_state_dict` in checkpoint/);
    other.dispose();
  });

  it('afterLoadCheckpoint when resuming swaps back: the model gets its weights, the average its own', () => {
    const { runner, fake } = fakeRunner();
    const hook = new EMAHook();
    hook.beforeRun(runner);
    fake._resume = true;
    const source = new ToyModel();
    const averaged = new ExponentialMovingAverage({ model: new ToyModel() });
    // As saved: state_dict holds the average's weights, ema_state_dict the source's.
    const saved: CheckpointDict = { state_dict: source.stateDict({ clone: true }) };
    const emaState = averaged.stateDict({ clone: true });
    saved.ema_state_dict = emaState;
    const sourceValues = stateValues(source.stateDict());
    const averagedValues = stateValues(averaged.stateDict());
    hook.afterLoadCheckpoint(runner, saved);
    const ema = stateValues(hook.emaModel.stateDict());
    for (const key of Object.keys(sourceValues)) {
      expect(ema[`module.${key}`]).toEqual(sourceValues[key]);
      expect(stateValues(saved.state_dict as Record<string, unknown>)[key]).toEqual(averagedValues[`module.${key}`]);
    }
    disposeCheckpoint(saved, fake.model);
    source.dispose();
    averaged.dispose();
  });

  it('strict_load false loads what fits from another model; strict_load true refuses', () => {
    for (const Model of [ToyModel2, ToyModel3]) {
      const other = new ToyModel();
      const loose = fakeRunner(new Model());
      const hook = new EMAHook({ strict_load: false });
      hook.beforeRun(loose.runner);
      expect(() => hook.afterLoadCheckpoint(loose.runner, { state_dict: other.stateDict() })).not.toThrow();
      expect(values([hook.emaModel.module.stateDict()['linear1.weight'] as tf.Tensor])).toEqual(
        values([other.stateDict()['linear1.weight'] as tf.Tensor]),
      );
      const strict = fakeRunner(new Model());
      const strictHook = new EMAHook({ strict_load: true });
      strictHook.beforeRun(strict.runner);
      expect(() => strictHook.afterLoadCheckpoint(strict.runner, { state_dict: other.stateDict() })).toThrow();
      other.dispose();
    }
  });
});

describe('EMAHook in a training run (MMEngine test_with_runner)', () => {
  class Toy extends BaseModel {
    readonly fc = new Linear({ in_features: 1, out_features: 1 });
    override forward(inputs: unknown, dataSamples?: unknown, mode: ForwardMode = 'tensor'): unknown {
      const x = tf.tensor2d(inputs as number[], [(inputs as number[]).length, 1]);
      const pred = this.fc.forward(x) as tf.Tensor2D;
      if (mode === 'loss')
        return { loss: tf.losses.meanSquaredError(tf.tensor2d(dataSamples as number[], pred.shape), pred) };
      return Array.from(pred.dataSync(), (p, i) => ({ pred: p, gt: (dataSamples as number[])[i] }));
    }
  }

  class MeanError extends BaseMetric {
    static override defaultPrefix = 'toy';
    override process(_batch: unknown, samples: readonly unknown[]): void {
      for (const s of samples as Array<{ pred: number; gt: number }>) this.results.push(Math.abs(s.pred - s.gt));
    }
    override computeMetrics(results: unknown[]): Record<string, number> {
      return { mae: (results as number[]).reduce((a, b) => a + b, 0) / results.length };
    }
  }
  if (!METRICS.get('EMAHookTestMeanError')) METRICS.registerModule({ name: 'EMAHookTestMeanError', module: MeanError });

  /** Saves `epoch_N.safetensors` after every epoch, after the EMA update (as CheckpointHook, priority VERY_LOW). */
  class SaveEachEpoch extends Hook {
    override priority: Hook['priority'] = 'VERY_LOW';
    override async afterTrainEpoch(runner: Runner): Promise<void> {
      await runner.saveCheckpoint(runner.workDir, `epoch_${runner.epoch + 1}.safetensors`);
    }
  }

  /** y = 2x - 1 on four batches of four. */
  const loader = (batches: number) => {
    const data = Array.from({ length: batches }, (_, b) => {
      const xs = Array.from({ length: 4 }, (_, i) => (b * 4 + i) / (batches * 4));
      return { inputs: xs, data_samples: xs.map((x) => 2 * x - 1) };
    });
    return {
      length: batches,
      dataset: { length: batches * 4 },
      async *[Symbol.asyncIterator]() {
        yield* data;
      },
    };
  };

  const root = mkdtempSync(join(tmpdir(), 'eng-ema-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let runs = 0;

  const runnerFor = (options: Record<string, unknown> = {}): Runner => {
    const { hooks = [{ type: 'EMAHook', momentum: 0.2 }], ...rest } = options;
    runs += 1;
    return new Runner({
      model: new Toy(),
      work_dir: join(root, `run${runs}`),
      // Runners made in the same second would otherwise share a name, and so a logger and a message hub.
      experiment_name: `ema${runs}`,
      train_dataloader: loader(4),
      train_cfg: { by_epoch: true, max_epochs: 2 },
      optim_wrapper: { optimizer: { type: 'SGD', lr: 0.1 } },
      val_dataloader: loader(2),
      val_cfg: {},
      val_evaluator: { type: 'EMAHookTestMeanError' },
      test_dataloader: loader(2),
      test_cfg: {},
      test_evaluator: { type: 'EMAHookTestMeanError' },
      custom_hooks: [...(hooks as unknown[]), new SaveEachEpoch()],
      default_hooks: { logger: null, checkpoint: null },
      env_cfg: { backend: ['wasm', 'cpu'] },
      randomness: { seed: 0 },
      log_level: 'WARNING',
      ...rest,
    } as never);
  };
  const emaOf = (runner: Runner) => runner.hooks.find((h) => h instanceof EMAHook) as EMAHook;
  const tensorValues = (state: unknown): Record<string, number[]> => stateValues(state as Record<string, unknown>);

  it('saves the averaged weights in state_dict and the source ones in ema_state_dict', async () => {
    const runner = runnerFor();
    const ema = emaOf(runner);
    await runner.train();
    expect(ema.emaModel).toBeInstanceOf(ExponentialMovingAverage);
    const file = join(runner.workDir, 'epoch_2.safetensors');
    const checkpoint = await loadCheckpointFile(file);
    const saved = tensorValues(checkpoint.state_dict);
    const savedEma = tensorValues(checkpoint.ema_state_dict);
    expect(savedEma.steps).toEqual([8]);
    const averaged = tensorValues(ema.emaModel.module.stateDict());
    const source = tensorValues(runner.model.stateDict());
    for (const key of Object.keys(source)) {
      expect(saved[key]).toEqual(averaged[key]);
      expect(savedEma[`module.${key}`]).toEqual(source[key]);
    }
    expect(saved['fc.weight']).not.toEqual(source['fc.weight']);

    // Saving again leaks nothing: the checkpoint's copies are released once written.
    const tensors = tf.memory().numTensors;
    await runner.saveCheckpoint(runner.workDir, 'again.safetensors');
    expect(tf.memory().numTensors).toBe(tensors);

    // Validation ran with the averaged weights and the model got its own back.
    const metrics = await runner.val();
    expect(tensorValues(runner.model.stateDict())).toEqual(source);
    await runner.close();

    // load_from deploys the averaged weights; testing with them again gives the same metrics.
    const loaded = runnerFor({ load_from: file });
    const tested = await loaded.test();
    expect(tested['toy/mae']).toBeCloseTo(metrics['toy/mae'] as number, 5);
    expect(tensorValues(loaded.model.stateDict())).toEqual(averaged);
    await loaded.close();
    tf.dispose(Object.values(checkpoint.state_dict as object));
    tf.dispose(Object.values(checkpoint.ema_state_dict as object));
  });

  it('resuming restores the model and the average; a checkpoint without ema_state_dict starts one with a warning', async () => {
    const runner = runnerFor();
    await runner.train();
    const source = tensorValues(runner.model.stateDict());
    const averaged = tensorValues(emaOf(runner).emaModel.stateDict());
    await runner.close();
    const file = join(runner.workDir, 'epoch_2.safetensors');

    const resumed = runnerFor({ resume: file, train_cfg: { by_epoch: true, max_epochs: 2 } });
    await resumed.train();
    expect(tensorValues(resumed.model.stateDict())).toEqual(source);
    expect(tensorValues(emaOf(resumed).emaModel.stateDict())).toEqual(averaged);
    await resumed.close();

    const checkpoint = await loadCheckpointFile(file);
    const { ema_state_dict: emaState, ...rest } = checkpoint;
    const without = join(root, 'without_ema_state_dict.safetensors');
    await saveCheckpointFile(without, rest);
    tf.dispose(Object.values(emaState as object));
    tf.dispose(Object.values(rest.state_dict as object));
    const noEma = runnerFor({ resume: without, train_cfg: { by_epoch: true, max_epochs: 2 } });
    await noEma.train();
    // What the file's state_dict held (the averaged weights) is now both the model's and the average's start.
    expect(tensorValues(emaOf(noEma).emaModel.module.stateDict())).toEqual(tensorValues(noEma.model.stateDict()));
    const log = readFileSync(join(noEma.logDir, `${noEma.timestamp}.log`), 'utf8');
    expect(log).toMatch(/WARNING - There is no `ema_state_dict` in checkpoint/);
    await noEma.close();
  });

  it('before begin_epoch the average is the weights', async () => {
    const runner = runnerFor({ hooks: [{ type: 'EMAHook', begin_epoch: 2 }] });
    await runner.train();
    const checkpoint = await loadCheckpointFile(join(runner.workDir, 'epoch_1.safetensors'));
    const saved = tensorValues(checkpoint.state_dict);
    const savedEma = tensorValues(checkpoint.ema_state_dict);
    for (const [key, value] of Object.entries(saved)) expect(savedEma[`module.${key}`]).toEqual(value);
    expect(savedEma.steps).toEqual([0]);
    await runner.close();
    tf.dispose(Object.values(checkpoint.state_dict as object));
    tf.dispose(Object.values(checkpoint.ema_state_dict as object));
  });
});
