import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getText } from '@eng/fileio';
import { MMLogger } from '@eng/logging';
import { captureLog } from '@eng/logging/test';
import { BaseModel, type ForwardMode, Linear } from '@eng/model';
import { inlineSgd } from '@eng/model/test';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKernelTable } from '../src/hooks/profiler-hook';
import { type ProfileReport, ProfilerHook, Runner, type RunnerError } from '../src/index';

class TinyNet extends BaseModel {
  fc1 = new Linear({ in_features: 4, out_features: 8 });
  fc2 = new Linear({ in_features: 8, out_features: 1 });
  override forward(inputs: tf.Tensor, targets?: unknown, mode: ForwardMode = 'tensor'): unknown {
    const out = this.fc2.forward(tf.relu(this.fc1.forward(inputs) as tf.Tensor)) as tf.Tensor;
    if (mode === 'loss') return { loss: tf.losses.meanSquaredError(targets as tf.Tensor, out) };
    return out;
  }
}

let dir: string;
let batch: { inputs: tf.Tensor; data_samples: tf.Tensor };

beforeAll(async () => {
  await initBackend({ prefer: ['wasm', 'cpu'] });
  dir = mkdtempSync(join(tmpdir(), 'eng-profiler-'));
  batch = {
    inputs: tf.randomNormal([6, 4], 0, 1, 'float32', 1),
    data_samples: tf.randomNormal([6, 1], 0, 1, 'float32', 2),
  };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  tf.dispose([batch.inputs, batch.data_samples]);
});

interface Fake {
  model: TinyNet;
  logger: MMLogger;
  logDir: string;
  maxEpochs: number;
  maxIters: number;
  epoch: number;
  iter: number;
}

function fakeRunner(overrides: Partial<Fake> = {}): { runner: Runner; fake: Fake; lines: string[] } {
  const lines = captureLog();
  const fake: Fake = {
    model: new TinyNet(),
    logger: MMLogger.getCurrentInstance(),
    logDir: dir,
    maxEpochs: 2,
    maxIters: 8,
    epoch: 0,
    iter: 0,
    ...overrides,
  };
  Object.defineProperty(fake, 'hasTrainLoop', { get: () => fake.maxIters > 0 });
  return { runner: fake as unknown as Runner, fake, lines };
}

/** Trains as the epoch-based loop does: the hook points around each `trainStep`, `iters` per epoch. */
async function train(hook: ProfilerHook, fake: Fake, epochs: number, iters: number): Promise<number[]> {
  const runner = fake as unknown as Runner;
  const sgd = inlineSgd(fake.model, 0.01);
  const losses: number[] = [];
  hook.beforeRun(runner);
  for (let e = 0; e < epochs; e++) {
    fake.epoch = e;
    for (let i = 0; i < iters; i++) {
      hook.beforeTrainIter(runner, i, batch);
      const out = fake.model.trainStep(batch, sgd);
      losses.push(out.loss as number);
      await hook.afterTrainIter(runner, i, batch, out);
      fake.iter += 1;
    }
    await hook.afterTrainEpoch(runner);
  }
  hook.afterRun(runner);
  return losses;
}

describe('ProfilerHook options (MMEngine test_init)', () => {
  it('checks profile_times against by_epoch', () => {
    expect(() => new ProfilerHook({ by_epoch: false, profile_times: 1 })).not.toThrow();
    expect(() => new ProfilerHook({ profile_times: 0 })).toThrow(/profile_times should be greater than 0/);
    expect(() => new ProfilerHook({ by_epoch: true, profile_times: 2 })).toThrow(/profile 1 epoch/);
  });

  it('needs wait, warmup and active in a schedule', () => {
    expect(() => new ProfilerHook({ schedule: { wait: 1, warmup: 1, active: 3, repeat: 1 } })).not.toThrow();
    expect(() => new ProfilerHook({ schedule: {} as never })).toThrow(/schedule needs wait, warmup, active/);
    expect(() => new ProfilerHook({ schedule: { wait: 0, warmup: 0, active: 0 } })).toThrow(/schedule\.active/);
  });

  it('takes a handler or log_trace for on_trace_ready, and refuses the rest', () => {
    expect(() => new ProfilerHook({ on_trace_ready: null })).not.toThrow();
    expect(() => new ProfilerHook({ on_trace_ready: () => undefined })).not.toThrow();
    expect(
      () => new ProfilerHook({ on_trace_ready: { type: 'log_trace', sort_by: 'self_cpu_time_total', row_limit: 10 } }),
    ).not.toThrow();
    expect(() => new ProfilerHook({ on_trace_ready: { type: 'unknown' } as never })).toThrow(/trace_type should be/);
    expect(() => new ProfilerHook({ on_trace_ready: 0 as never })).toThrow(/should be a handler, or dict/);
    expect(() => new ProfilerHook({ on_trace_ready: { type: 'log_trace', row_limt: 3 } as never })).toThrow(
      /Did you mean "row_limit"/,
    );
    expect(() => new ProfilerHook({ on_trace_ready: { type: 'log_trace', sort_by: 'totl_ms' } })).toThrow(
      /Did you mean "total_ms"/,
    );
    let error: unknown;
    try {
      new ProfilerHook({ on_trace_ready: { type: 'tb_trace' } });
    } catch (e) {
      error = e;
    }
    expect((error as RunnerError).code).toBe('NOT_SUPPORTED');
  });

  it('has a strict options schema', () => {
    const result = ProfilerHook.optionsSchema['~standard'].validate({ profile_time: 2 });
    expect('issues' in result && result.issues?.[0]?.message).toMatch(/Did you mean "profile_times"/);
    expect(new ProfilerHook().priority).toBe('VERY_LOW');
  });
});

describe('ProfilerHook.beforeRun', () => {
  it('refuses more profiled epochs or iterations than the run has', () => {
    const { runner } = fakeRunner({ maxEpochs: 1000, maxIters: 10000 });
    expect(() => new ProfilerHook({ by_epoch: false, profile_times: 10001 }).beforeRun(runner)).toThrow(
      /should not be greater than 10000/,
    );
    const hook = new ProfilerHook();
    hook.beforeRun(runner);
    hook.afterRun(runner);
  });

  it('does nothing in a run without training', () => {
    const { runner, fake } = fakeRunner({ maxIters: 0, maxEpochs: 0 });
    const before = fake.model.trainStep;
    new ProfilerHook().beforeRun(runner);
    expect(fake.model.trainStep).toBe(before);
  });
});

describe('ProfilerHook profiles training iterations with tf.profile', () => {
  it('by epoch: profiles the first epoch, writes the kernel report and logs the table', async () => {
    const { fake, lines } = fakeRunner();
    const hook = new ProfilerHook();
    const memory = tf.memory().numTensors;
    await train(hook, fake, 2, 3);
    expect(tf.memory().numTensors).toBe(memory);
    expect(hook.closed).toBe(true);
    expect(hook.reportPath).toBe(join(dir, 'profiler_kernels.json'));
    const report = JSON.parse(readFileSync(join(dir, 'profiler_kernels.json'), 'utf8')) as ProfileReport;
    expect(report.iterations).toEqual([0, 1, 2]);
    expect(report.backend).toBe(tf.getBackend());
    expect(report.kernels.length).toBeGreaterThan(3);
    const names = report.kernels.map((k) => k.name);
    expect(names.some((n) => /MatMul/.test(n))).toBe(true);
    for (const k of report.kernels) {
      expect(k.count).toBeGreaterThan(0);
      expect(k.total_ms).toBeGreaterThanOrEqual(0);
      expect(k.mean_ms).toBeCloseTo(k.total_ms / k.count);
    }
    // Each iteration runs the same kernels: every count is a multiple of 3.
    expect(report.kernels.every((k) => k.count % 3 === 0)).toBe(true);
    expect(report.kernel_ms).toBeCloseTo(report.kernels.reduce((s, k) => s + k.total_ms, 0));
    expect(lines.some((l) => l.includes('profiler is profiling...'))).toBe(true);
    const table = lines.findIndex((l) => /Kernel\s+Count\s+Total ms/.test(l));
    expect(table).toBeGreaterThan(-1);
    expect(lines.some((l) => /kernels over 3 iteration\(s\)/.test(l))).toBe(true);
    // trainStep is the class's again, nothing is left profiling, no tensor leaked.
    expect(Object.hasOwn(fake.model, 'trainStep')).toBe(false);
    expect(tf.engine().state.profiling).toBe(false);
    fake.model.dispose();
  });

  it('trains exactly as without the profiler', async () => {
    const a = fakeRunner();
    const b = fakeRunner();
    b.fake.model.loadStateDict(a.fake.model.stateDict());
    const plain = new ProfilerHook({
      by_epoch: false,
      profile_times: 1,
      schedule: { wait: 100, warmup: 0, active: 1 },
    });
    const profiled = new ProfilerHook({ by_epoch: false, profile_times: 4 });
    const lossesA = await train(plain, a.fake, 1, 4);
    const lossesB = await train(profiled, b.fake, 1, 4);
    expect(lossesB).toEqual(lossesA);
    a.fake.model.dispose();
    b.fake.model.dispose();
  });

  it('by iteration: profiles the first profile_times iterations, to json_trace_path on any backend', async () => {
    const { fake } = fakeRunner();
    const hook = new ProfilerHook({ by_epoch: false, profile_times: 2, json_trace_path: 'memory://profiler/run.json' });
    await train(hook, fake, 1, 5);
    const report = JSON.parse(await getText('memory://profiler/run.json')) as ProfileReport;
    expect(report.iterations).toEqual([0, 1]);
    expect(report.kernels.length).toBeGreaterThan(0);
    fake.model.dispose();
  });

  it('with a schedule, records the active steps and hands each cycle to on_trace_ready', async () => {
    const { fake } = fakeRunner({ maxIters: 20 });
    const cycles: ProfileReport[] = [];
    const hook = new ProfilerHook({
      by_epoch: false,
      profile_times: 10,
      schedule: { skip_first: 1, wait: 1, warmup: 1, active: 2, repeat: 2 },
      on_trace_ready: (r) => {
        cycles.push(r);
      },
      record_shapes: true,
      profile_memory: true,
    });
    await train(hook, fake, 1, 12);
    // skip 0; cycle 1: wait 1, warmup 2, record 3-4; cycle 2: wait 5, warmup 6, record 7-8; then nothing.
    expect(cycles.map((c) => c.iterations)).toEqual([
      [3, 4],
      [7, 8],
    ]);
    const matmul = cycles[0]?.kernels.find((k) => /MatMul/.test(k.name));
    expect(matmul?.input_shapes?.some((s) => s.includes('[6,4]'))).toBe(true);
    expect(cycles[0]?.peak_bytes).toBeGreaterThan(0);
    expect(typeof matmul?.tensors).toBe('number');
    const file = JSON.parse(readFileSync(join(dir, 'profiler_kernels.json'), 'utf8')) as ProfileReport & {
      cycles: unknown[];
    };
    expect(file.iterations).toEqual([3, 4, 7, 8]);
    expect(file.cycles).toHaveLength(2);
    fake.model.dispose();
  });

  it('log_trace logs the table of each cycle, sorted and limited as asked', async () => {
    const { fake, lines } = fakeRunner();
    const hook = new ProfilerHook({
      by_epoch: false,
      profile_times: 2,
      on_trace_ready: { type: 'log_trace', sort_by: 'count', row_limit: 2 },
    });
    await train(hook, fake, 1, 2);
    const at = lines.findIndex((l) => l.includes('Profile of iterations 0, 1'));
    expect(at).toBeGreaterThan(-1);
    const header = lines.findIndex((l, i) => i >= at && /Kernel\s+Count/.test(l));
    const rows = lines.slice(header + 2, header + 4).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBeGreaterThanOrEqual(rows[1] as number);
    expect(lines[header + 4]).toMatch(/kernels over 2 iteration/);
    fake.model.dispose();
  });

  it('inside an outer tf.profile, leaves the kernels to it', async () => {
    const { runner, fake } = fakeRunner();
    const hook = new ProfilerHook({ by_epoch: false, profile_times: 2 });
    hook.beforeRun(runner);
    const outer = await tf.profile(async () => {
      const before = tf.square(batch.inputs);
      hook.beforeTrainIter(runner, 0, batch);
      fake.model.trainStep(batch, inlineSgd(fake.model, 0.1));
      await hook.afterTrainIter(runner, 0, batch, {});
      const after = tf.sqrt(before);
      tf.dispose([before, after]);
      return [];
    });
    const names = outer.kernels.map((k) => k.name);
    expect(names).toContain('Square');
    expect(names).toContain('Sqrt');
    expect(names.some((n) => /MatMul/.test(n))).toBe(true);
    hook.afterRun(runner);
    fake.model.dispose();
  });

  it('a failing trainStep leaves profiling off and its error intact', async () => {
    const { runner, fake } = fakeRunner();
    const hook = new ProfilerHook({ by_epoch: false, profile_times: 2 });
    hook.beforeRun(runner);
    hook.beforeTrainIter(runner, 0, batch);
    expect(() => fake.model.trainStep({ inputs: batch.inputs } as never, inlineSgd(fake.model, 0.1))).toThrow();
    expect(tf.engine().state.profiling).toBe(false);
    hook.afterRun(runner);
    expect(Object.hasOwn(fake.model, 'trainStep')).toBe(false);
    fake.model.dispose();
  });
});

describe('formatKernelTable', () => {
  it('sorts by the column asked for, torch names included', () => {
    const report: ProfileReport = {
      backend: 'cpu',
      iterations: [0],
      wall_ms: 3,
      kernel_ms: 3,
      kernels: [
        { name: 'Add', count: 5, total_ms: 1, mean_ms: 0.2, bytes: 10 },
        { name: 'MatMul', count: 1, total_ms: 2, mean_ms: 2, bytes: 2048 },
      ],
    };
    const first = (sortBy?: string) => formatKernelTable(report, sortBy === undefined ? {} : { sortBy }).split('\n')[2];
    expect(first()).toMatch(/^MatMul/);
    expect(first('count')).toMatch(/^Add/);
    expect(first('self_cpu_time_total')).toMatch(/^MatMul/);
    expect(first('cpu_memory_usage')).toMatch(/^MatMul\s.*2\.0 KB$/);
  });
});

describe('ProfilerHook in a training run', () => {
  it('writes the report of the first epoch into the log dir', async () => {
    const data = Array.from({ length: 3 }, (_, b) => ({
      inputs: tf.randomNormal([4, 4], 0, 1, 'float32', 10 + b),
      data_samples: tf.randomNormal([4, 1], 0, 1, 'float32', 20 + b),
    }));
    const loader = {
      length: data.length,
      dataset: { length: 12 },
      async *[Symbol.asyncIterator]() {
        yield* data;
      },
    };
    const runner = new Runner({
      model: new TinyNet(),
      work_dir: join(dir, 'runner'),
      experiment_name: 'profiled',
      train_dataloader: loader,
      train_cfg: { by_epoch: true, max_epochs: 2 },
      optim_wrapper: { optimizer: { type: 'SGD', lr: 0.01 } },
      custom_hooks: [{ type: 'ProfilerHook' }],
      default_hooks: { logger: null, checkpoint: null },
      env_cfg: { backend: ['wasm', 'cpu'] },
      log_level: 'WARNING',
    } as never);
    await runner.train();
    const report = JSON.parse(readFileSync(join(runner.logDir, 'profiler_kernels.json'), 'utf8')) as ProfileReport;
    expect(report.iterations).toEqual([0, 1, 2]);
    expect(report.kernels.some((k) => /MatMul/.test(k.name))).toBe(true);
    expect(Object.hasOwn(runner.model, 'trainStep')).toBe(false);
    await runner.close();
    tf.dispose(data.flatMap((b) => [b.inputs, b.data_samples]));
  });
});
