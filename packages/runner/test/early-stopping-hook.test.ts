import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BaseMetric } from '@eng/evaluator';
import { MMLogger } from '@eng/logging';
import { captureLog } from '@eng/logging/test';
import { BaseModel, type ForwardMode, Linear } from '@eng/model';
import { METRICS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EarlyStoppingHook, Runner, RunnerError } from '../src/index';

interface FakeRunner {
  trainLoop: { stopTraining: boolean };
  maxIters: number;
  logger: MMLogger;
}

/** MMEngine's `get_mock_runner`: a train loop with `stopTraining`, and a logger whose lines are kept. */
function fakeRunner(): { runner: Runner; fake: FakeRunner; lines: string[] } {
  const lines = captureLog();
  const fake: FakeRunner = { trainLoop: { stopTraining: false }, maxIters: 10, logger: MMLogger.getCurrentInstance() };
  // the runner's `hasTrainLoop`: a run that only validates or tests has no iterations
  Object.defineProperty(fake, 'hasTrainLoop', { get: () => fake.maxIters > 0 });
  return { runner: fake as unknown as Runner, fake, lines };
}

/** Feeds the metrics one validation at a time until the hook stops training. */
function feed(hook: EarlyStoppingHook, runner: Runner, series: Array<Record<string, number>>): number {
  let seen = 0;
  for (const metrics of series) {
    hook.afterValEpoch(runner, metrics);
    seen += 1;
    if (runner.trainLoop.stopTraining) break;
  }
  return seen;
}

/** torch.linspace(start, end, steps). */
const linspace = (start: number, end: number, steps: number): number[] =>
  Array.from({ length: steps }, (_, i) => start + ((end - start) * i) / (steps - 1));

describe('EarlyStoppingHook: the rule follows the monitor', () => {
  it.each([
    ['acc', 'greater'],
    ['ACC', 'greater'],
    ['mAP_50', 'greater'],
    ['accuracy/top1', 'greater'],
    ['loss', 'less'],
    ['Loss', 'less'],
    ['ce_loss', 'less'],
  ])('%s is %s is better, and the best score starts at the worst value', (monitor, rule) => {
    const hook = new EarlyStoppingHook({ monitor });
    expect(hook.rule).toBe(rule);
    if (rule === 'greater') expect(hook.bestScore).toBe(Number.NEGATIVE_INFINITY);
    else expect(hook.bestScore).toBe(Number.POSITIVE_INFINITY);
  });

  it('needs a rule for a name it cannot infer', () => {
    expect(() => new EarlyStoppingHook({ monitor: 'recall' })).toThrow(/Cannot infer the rule for "recall"/i);
    expect(new EarlyStoppingHook({ monitor: 'recall', rule: 'greater' }).rule).toBe('greater');
  });

  it('refuses a rule other than greater or less', () => {
    expect(() => new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'the world' as never })).toThrow(
      /rule should be either "greater" or "less"/,
    );
  });

  it('negates min_delta for the less rule, as MMEngine stores it', () => {
    expect(new EarlyStoppingHook({ monitor: 'loss', min_delta: 0.5 }).minDelta).toBe(-0.5);
    expect(new EarlyStoppingHook({ monitor: 'acc', min_delta: 0.5 }).minDelta).toBe(0.5);
  });

  it('runs last: priority LOWEST', () => {
    expect(new EarlyStoppingHook({ monitor: 'acc' }).priority).toBe('LOWEST');
  });

  it('has a strict options schema that names the nearest key', () => {
    const result = EarlyStoppingHook.optionsSchema['~standard'].validate({ monitor: 'acc', patiense: 3 });
    expect('issues' in result && result.issues?.[0]?.message).toMatch(/Did you mean "patience"/);
  });
});

describe('EarlyStoppingHook.beforeRun', () => {
  it('needs a train loop with stopTraining', () => {
    const { runner, fake } = fakeRunner();
    (fake as { trainLoop: object }).trainLoop = {};
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'greater' });
    expect(() => hook.beforeRun(runner)).toThrow(/stopTraining/);
    fake.trainLoop = { stopTraining: false };
    expect(() => hook.beforeRun(runner)).not.toThrow();
  });

  it('is content in a run without training (val() or test() alone)', () => {
    const { runner, fake } = fakeRunner();
    fake.maxIters = 0;
    (fake as { trainLoop: object }).trainLoop = {};
    expect(() => new EarlyStoppingHook({ monitor: 'acc' }).beforeRun(runner)).not.toThrow();
  });
});

describe('EarlyStoppingHook.afterValEpoch', () => {
  it('warns and skips when the metrics lack the monitor, naming the nearest key', () => {
    const { runner, lines } = fakeRunner();
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top', rule: 'greater' });
    hook.afterValEpoch(runner, { 'accuracy/top1': 0.5, loss: 0.23 });
    const warning = lines.find((l) => l.includes('WARNING'));
    expect(warning).toMatch(/Skip early stopping process/);
    expect(warning).toMatch(/"accuracy\/top"/);
    expect(warning).toMatch(/Did you mean "accuracy\/top1"/);
    expect(runner.trainLoop.stopTraining).toBe(false);
    expect(hook.waitCount).toBe(0);
  });

  it('with strict, throws naming the monitor and the nearest metric', () => {
    const { runner } = fakeRunner();
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top', rule: 'greater', strict: true });
    let error: unknown;
    try {
      hook.afterValEpoch(runner, { 'accuracy/top1': 0.5, loss: 0.23 });
    } catch (e) {
      error = e;
    }
    expect(RunnerError.isInstance(error)).toBe(true);
    expect((error as RunnerError).code).toBe('MISSING_METRIC');
    expect((error as Error).message).toMatch(/"accuracy\/top"/);
    expect((error as Error).message).toMatch(/Did you mean "accuracy\/top1"/);
    expect((error as Error).message).toMatch(/strict: false/);
  });

  it('keeps the largest value for the greater rule', () => {
    const { runner } = fakeRunner();
    const series = Array.from({ length: 8 }, (_, i) => ({ 'accuracy/top1': i / 9 }));
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'greater' });
    feed(hook, runner, series);
    expect(hook.bestScore).toBeCloseTo(7 / 9);
  });

  it('keeps the smallest value for the less rule', () => {
    const { runner } = fakeRunner();
    const series = Array.from({ length: 8 }, (_, i) => ({ loss: (8 - i) / 9 }));
    const hook = new EarlyStoppingHook({ monitor: 'loss' });
    feed(hook, runner, series);
    expect(hook.bestScore).toBeCloseTo(1 / 9);
  });

  it('stops after `patience` validations without an improvement of min_delta, and says why', () => {
    const { runner, lines } = fakeRunner();
    const series = linspace(98, 99, 8).map((v) => ({ 'accuracy/top1': v }));
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'greater', min_delta: 1 });
    const seen = feed(hook, runner, series);
    expect(runner.trainLoop.stopTraining).toBe(true);
    // The first value is the best; five more without a gain of 1 reach the default patience.
    expect(seen).toBe(6);
    expect(hook.bestScore).toBe(98);
    expect(lines.at(-1)).toMatch(/the monitored metric did not improve in the last 5 records\. best score: 98\.000\./);
  });

  it('does not stop before the patience runs out', () => {
    const { runner } = fakeRunner();
    const series = linspace(98, 99, 8).map((v) => ({ 'accuracy/top1': v }));
    const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'greater', min_delta: 1, patience: 10 });
    feed(hook, runner, series);
    expect(runner.trainLoop.stopTraining).toBe(false);
    // Six values fail to beat 98 + 1; the last one, 99, is not less than 98 + 1 and so counts as an improvement.
    expect(hook.bestScore).toBe(99);
    expect(hook.waitCount).toBe(0);
  });

  it('stops on an infinite or NaN value with check_finite', () => {
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const { runner, lines } = fakeRunner();
      const hook = new EarlyStoppingHook({ monitor: 'accuracy/top1', rule: 'greater', min_delta: 1 });
      expect(
        feed(
          hook,
          runner,
          Array.from({ length: 5 }, () => ({ 'accuracy/top1': value })),
        ),
      ).toBe(1);
      expect(runner.trainLoop.stopTraining).toBe(true);
      expect(lines.at(-1)).toMatch(
        /Monitored metric accuracy\/top1 = (inf|nan) is infinite\. Previous best value was -inf\./,
      );
    }
  });

  it('without check_finite, a NaN does not stop training (and, compared as MMEngine does, becomes the best)', () => {
    const { runner } = fakeRunner();
    const hook = new EarlyStoppingHook({ monitor: 'acc', check_finite: false, patience: 1 });
    hook.afterValEpoch(runner, { acc: 0.5 });
    hook.afterValEpoch(runner, { acc: Number.NaN });
    expect(runner.trainLoop.stopTraining).toBe(false);
    expect(hook.bestScore).toBeNaN();
  });

  it('stops as soon as the stopping threshold is passed', () => {
    const { runner, lines } = fakeRunner();
    const series = linspace(98, 99, 8).map((v) => ({ 'accuracy/top1': v }));
    const hook = new EarlyStoppingHook({
      monitor: 'accuracy/top1',
      rule: 'greater',
      stopping_threshold: 98.5,
      patience: 0,
    });
    feed(hook, runner, series);
    expect(runner.trainLoop.stopTraining).toBe(true);
    expect(hook.bestScore).toBeCloseTo(98 + 4 / 7, 5);
    expect(lines.at(-1)).toMatch(/Stopping threshold reached: `accuracy\/top1` = 98\.57\d* is greater than 98\.5\./);
  });

  it('reads a single-element array as its number', () => {
    const { runner } = fakeRunner();
    const hook = new EarlyStoppingHook({ monitor: 'acc' });
    hook.afterValEpoch(runner, { acc: [0.7] });
    expect(hook.bestScore).toBe(0.7);
  });
});

describe('EarlyStoppingHook keeps its state across a resume', () => {
  it('round-trips the best score and wait count through JSON, infinities included', () => {
    const { runner } = fakeRunner();
    const fresh = new EarlyStoppingHook({ monitor: 'loss' });
    const restored = new EarlyStoppingHook({ monitor: 'loss', patience: 3 });
    restored.loadStateDict(JSON.parse(JSON.stringify(fresh.stateDict())));
    expect(restored.bestScore).toBe(Number.POSITIVE_INFINITY);

    const hook = new EarlyStoppingHook({ monitor: 'loss', patience: 3 });
    hook.afterValEpoch(runner, { loss: 0.5 });
    hook.afterValEpoch(runner, { loss: 0.45 });
    const state = JSON.parse(JSON.stringify(hook.stateDict()));
    restored.loadStateDict(state);
    expect(restored.bestScore).toBe(0.5);
    expect(restored.waitCount).toBe(1);
    // The resumed hook stops when the uninterrupted one would have.
    restored.afterValEpoch(runner, { loss: 0.49 });
    expect(runner.trainLoop.stopTraining).toBe(false);
    restored.afterValEpoch(runner, { loss: 0.48 });
    expect(runner.trainLoop.stopTraining).toBe(true);
  });

  it('ignores, with a warning, a state saved for another monitor', () => {
    const { lines } = fakeRunner();
    const hook = new EarlyStoppingHook({ monitor: 'acc' });
    hook.loadStateDict({ monitor: 'loss', rule: 'less', best_score: 0.1, wait_count: 2 });
    expect(hook.bestScore).toBe(Number.NEGATIVE_INFINITY);
    expect(hook.waitCount).toBe(0);
    expect(lines.at(-1)).toMatch(/WARNING.*watches the string "loss"/);
  });

  it('refuses a malformed state', () => {
    const hook = new EarlyStoppingHook({ monitor: 'acc' });
    expect(() => hook.loadStateDict({ monitor: 'acc', rule: 'greater', best_score: 'high', wait_count: 1 })).toThrow(
      /best_score/,
    );
  });
});

describe('EarlyStoppingHook in a training run (MMEngine test_with_runner)', () => {
  /** The accuracy each validation reports, taken from the front of `queue`. */
  const queue: number[] = [];

  class QueuedAccuracy extends BaseMetric {
    static override defaultPrefix = 'test';
    override process(): void {
      this.results.push(0);
    }
    override computeMetrics(): Record<string, number> {
      return { acc: queue.shift() as number };
    }
  }
  if (!METRICS.get('EarlyStoppingTestAccuracy')) {
    METRICS.registerModule({ name: 'EarlyStoppingTestAccuracy', module: QueuedAccuracy });
  }

  class Toy extends BaseModel {
    readonly fc = new Linear({ in_features: 1, out_features: 1 });
    override forward(inputs: unknown, dataSamples?: unknown, mode: ForwardMode = 'tensor'): unknown {
      const x = tf.tensor2d(inputs as number[], [(inputs as number[]).length, 1]);
      const pred = this.fc.forward(x) as tf.Tensor2D;
      if (mode === 'loss')
        return { loss: tf.losses.meanSquaredError(tf.tensor2d(dataSamples as number[], pred.shape), pred) };
      return Array.from(pred.dataSync());
    }
  }

  const loader = (batches: number) => {
    const data = Array.from({ length: batches }, (_, b) => ({ inputs: [b / 4, b / 8], data_samples: [b / 2, b / 4] }));
    return {
      length: batches,
      dataset: { length: batches * 2 },
      async *[Symbol.asyncIterator]() {
        yield* data;
      },
    };
  };

  const root = mkdtempSync(join(tmpdir(), 'eng-early-stop-'));
  beforeAll(() => initBackend({ prefer: ['wasm', 'cpu'] }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const runnerFor = (workDir: string, maxEpochs: number, extra: Record<string, unknown> = {}) =>
    new Runner({
      model: new Toy(),
      work_dir: workDir,
      experiment_name: basename(workDir),
      train_dataloader: loader(3),
      train_cfg: { by_epoch: true, max_epochs: maxEpochs, val_interval: 1 },
      optim_wrapper: { optimizer: { type: 'SGD', lr: 0.01 } },
      val_dataloader: loader(2),
      val_cfg: {},
      val_evaluator: { type: 'EarlyStoppingTestAccuracy' },
      custom_hooks: [{ type: 'EarlyStoppingHook', monitor: 'test/acc', rule: 'greater', min_delta: 1, patience: 3 }],
      default_hooks: { logger: null, checkpoint: null },
      env_cfg: { backend: ['wasm', 'cpu'] },
      randomness: { seed: 0 },
      log_level: 'WARNING',
      ...extra,
    } as never);

  it('stops after three validations without a gain of 1', async () => {
    queue.splice(0, queue.length, ...[90, 91, 92, 88, 89, 90, 90, 91, 92, 88, 89, 90]);
    const runner = runnerFor(join(root, 'stop'), 10);
    await runner.train();
    expect(runner.epoch).toBe(6);
    expect(runner.trainLoop.stopTraining).toBe(true);
    await runner.close();
  });

  it('a resumed run goes on counting from the checkpoint', async () => {
    queue.splice(0, queue.length, 90, 91, 92, 88);
    const first = runnerFor(join(root, 'first'), 4);
    await first.train();
    expect(first.epoch).toBe(4);
    await first.saveCheckpoint(join(root, 'first'), 'epoch_4.safetensors');
    await first.close();

    // Two more validations without a gain reach the patience (one was counted before the checkpoint).
    queue.splice(0, queue.length, 89, 90, 95, 96, 97, 98);
    const resumed = runnerFor(join(root, 'resumed'), 10, { resume: join(root, 'first', 'epoch_4.safetensors') });
    await resumed.train();
    expect(resumed.epoch).toBe(6);
    const hook = resumed.hooks.find((h) => h instanceof EarlyStoppingHook) as EarlyStoppingHook;
    expect(hook.bestScore).toBe(92);
    expect(hook.waitCount).toBe(3);
    await resumed.close();
  });
});
