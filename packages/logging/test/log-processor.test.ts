import { LOG_PROCESSORS } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { LoggingError } from '../src/errors';
import { HistoryBuffer } from '../src/history-buffer';
import {
  type LogCustomCfg,
  LogProcessor,
  type LogProcessorOptions,
  type RunMode,
  type RunnerLike,
} from '../src/log-processor';
import { MessageHub } from '../src/message-hub';

let counter = 0;
const uniqueName = (base: string) => `${base}-${++counter}`;
const loop = (length: number) => ({ dataloader: { length } });

/** MMEngine's test runner: epoch 1 of 10, iteration 10 of 50, dataloaders of 20/10/5 batches. */
function makeRunner(overrides: Partial<RunnerLike> = {}): RunnerLike {
  const messageHub = MessageHub.getInstance(uniqueName('log_processor_test'));
  for (let i = 0; i < 10; i++) messageHub.updateScalar('train/loss', 10 - i);
  for (let i = 0; i < 10; i++) messageHub.updateScalar('val/acc', i * 0.1);
  return {
    messageHub,
    epoch: 1,
    maxEpochs: 10,
    iter: 10,
    maxIters: 50,
    trainLoop: loop(20),
    valLoop: loop(10),
    testLoop: loop(5),
    ...overrides,
  };
}

describe('LogProcessor construction and custom_cfg checks', () => {
  it('has MMEngine defaults', () => {
    const processor = new LogProcessor({ window_size: 10, by_epoch: true, custom_cfg: null });
    expect(processor.byEpoch).toBe(true);
    expect(processor.windowSize).toBe(10);
    expect(processor.customCfg).toEqual([]);
    expect(processor.numDigits).toBe(4);
    expect(processor.logWithHierarchy).toBe(false);
  });

  it("refuses window_size 'epoch' when not by_epoch", () => {
    expect(
      () =>
        new LogProcessor({
          by_epoch: false,
          custom_cfg: [{ data_src: 'loss', method_name: 'mean', window_size: 'epoch' }],
        }),
    ).toThrow(/window_size 'epoch'/);
  });

  it('refuses a log_name used twice, and two overwrites of one data_src', () => {
    expect(
      () =>
        new LogProcessor({
          custom_cfg: [
            { data_src: 'loss', log_name: 'loss_1', method_name: 'mean' },
            { data_src: 'loss', log_name: 'loss_1', method_name: 'max' },
          ],
        }),
    ).toThrow(/duplicate log_name 'loss_1'/);
    expect(
      () =>
        new LogProcessor({
          custom_cfg: [
            { data_src: 'loss', method_name: 'mean', window_size: 100 },
            { data_src: 'loss', method_name: 'max', window_size: 100 },
          ],
        }),
    ).toThrow(LoggingError);
  });

  it('accepts distinct statistics of one source', () => {
    const processor = new LogProcessor({
      custom_cfg: [
        { data_src: 'loss_cls', window_size: 100, method_name: 'min' },
        { data_src: 'loss', log_name: 'loss_min', method_name: 'max' },
        { data_src: 'loss', log_name: 'loss_max', method_name: 'max' },
      ],
    });
    expect(processor.customCfg).toHaveLength(3);
  });

  it('checks window_size values up front', () => {
    expect(
      () =>
        new LogProcessor({ custom_cfg: [{ data_src: 'loss', method_name: 'mean', window_size: 'weekly' as never }] }),
    ).toThrow(/expected an integer, 'epoch' or 'global'/);
  });

  it('requires data_src and method_name', () => {
    expect(() => new LogProcessor({ custom_cfg: [{ method_name: 'mean' } as never] })).toThrow(/data_src/);
    expect(() => new LogProcessor({ custom_cfg: [{ data_src: 'loss' } as never] })).toThrow(/method_name/);
  });

  it('is registered in LOG_PROCESSORS and built from a config', () => {
    const processor = LOG_PROCESSORS.build<LogProcessor>({ type: 'LogProcessor', window_size: 20, by_epoch: false });
    expect(processor).toBeInstanceOf(LogProcessor);
    expect(processor.windowSize).toBe(20);
    expect(processor.byEpoch).toBe(false);
  });

  it('also takes camelCase options', () => {
    const processor = new LogProcessor({ windowSize: 3, numDigits: 2, logWithHierarchy: true });
    expect([processor.windowSize, processor.numDigits, processor.logWithHierarchy]).toEqual([3, 2, true]);
  });
});

describe('LogProcessor window sizes', () => {
  const processor = new LogProcessor();
  const runner = makeRunner();
  const parse = (windowSize: unknown) =>
    processor.parseWindowSize(runner, 1, [
      { data_src: 'loss_cls', method_name: 'mean', window_size: windowSize as never },
    ])[0]?.window_size;

  it("'epoch' is the batches of this epoch, 'global' every iteration, integers stay", () => {
    expect(parse('epoch')).toBe(2);
    expect(parse('global')).toBe(11);
    expect(parse(100)).toBe(100);
    expect(parse(undefined)).toBeUndefined();
  });

  it('anything else is a TypeError', () => {
    expect(() => parse([])).toThrow(TypeError);
    expect(() => parse('weekly')).toThrow(/'epoch' or 'global'/);
  });

  it('does not modify the configured entries', () => {
    const cfg: LogCustomCfg[] = [{ data_src: 'loss', method_name: 'mean', window_size: 'global' }];
    processor.parseWindowSize(runner, 1, cfg);
    expect(cfg[0]?.window_size).toBe('global');
  });
});

describe('LogProcessor.getLogAfterIter line format', () => {
  const cases: Array<[boolean, RunMode, boolean]> = [];
  for (const byEpoch of [true, false]) {
    for (const mode of ['train', 'val', 'test'] as const) {
      for (const hierarchy of [true, false]) cases.push([byEpoch, mode, hierarchy]);
    }
  }

  for (const [byEpoch, mode, hierarchy] of cases) {
    it(`by_epoch=${byEpoch} mode=${mode} log_with_hierarchy=${hierarchy}`, () => {
      const processor = new LogProcessor({ by_epoch: byEpoch, log_with_hierarchy: hierarchy });
      const runner = makeRunner({ getMaxMemory: () => 100 });
      (runner.messageHub as MessageHub).updateInfo('eta', 40);
      const logs: Record<string, number> =
        mode === 'train'
          ? { lr: 0.1, time: 1.0, data_time: 1.0, loss_cls: 1.0 }
          : { time: 1.0, data_time: 1.0, loss_cls: 1.0 };
      processor.collectScalars = () => ({ ...logs });
      const [tag, out] = processor.getLogAfterIter(runner, 1, mode);

      let expected: string;
      if (byEpoch) {
        expected =
          mode === 'test'
            ? 'Epoch(test) [2/5]  '
            : `Epoch(${mode})  [${mode === 'train' ? 2 : 1}][ 2/${mode === 'train' ? 20 : 10}]  `;
      } else {
        expected = { train: 'Iter(train) [11/50]  ', val: 'Iter(val) [ 2/10]  ', test: 'Iter(test) [2/5]  ' }[mode];
      }
      expected += mode === 'train' ? 'lr: 1.0000e-01  ' : '  ';
      expected += 'eta: 0:00:40  time: 1.0000  data_time: 1.0000  memory: 100  ';
      if (mode === 'train') expected += 'loss_cls: 1.0000';
      expect(out).toBe(expected);
      expect(tag['iter']).toBe(11);
      expect(tag['memory']).toBe(100);
      if (byEpoch && mode !== 'test') expect(tag['epoch']).toBe(mode === 'train' ? 2 : 1);
      else expect('epoch' in tag).toBe(false);
    });
  }

  it('without a training loop (val/test only): epoch 0, iter 0, no alignment', () => {
    const processor = new LogProcessor();
    const runner = makeRunner({ trainLoop: undefined });
    const [tag, out] = processor.getLogAfterIter(runner, 1, 'val');
    expect(out.startsWith('Epoch(val)[0][ 2/10]  ')).toBe(true);
    expect(tag['iter']).toBe(0);
    expect(tag['epoch']).toBe(0);
  });

  it('rejects an unknown mode', () => {
    expect(() => new LogProcessor().getLogAfterIter(makeRunner(), 1, 'predict' as never)).toThrow(TypeError);
  });
});

describe('LogProcessor.getLogAfterEpoch', () => {
  const cases: Array<[boolean, 'val' | 'test', boolean]> = [
    [true, 'val', true],
    [true, 'val', false],
    [false, 'val', true],
    [false, 'val', false],
    [true, 'test', true],
    [false, 'test', false],
  ];
  const fakeTensor = { shape: [3], dataSync: () => new Int32Array([1, 2, 3]), toString: () => 'Tensor\n    [1, 2, 3]' };

  for (const [byEpoch, mode, hierarchy] of cases) {
    it(`by_epoch=${byEpoch} mode=${mode} log_with_hierarchy=${hierarchy}`, () => {
      const processor = new LogProcessor({ by_epoch: byEpoch, log_with_hierarchy: hierarchy });
      processor.collectScalars = () => ({ accuracy: 0.9, data_time: 1.0 });
      processor.collectNonScalars = () => ({ recall: { cat: 1, dog: 0 }, cm: fakeTensor });
      const [tag, out] = processor.getLogAfterEpoch(makeRunner(), 2, mode);
      const metrics =
        'accuracy: 0.9000  recall: {"cat": 1, "dog": 0}  cm: \nTensor\n    [1, 2, 3]\n  data_time: 1.0000';
      const head = byEpoch
        ? { val: 'Epoch(val) [1][10/10]    ', test: 'Epoch(test) [5/5]    ' }[mode]
        : { val: 'Iter(val) [10/10]    ', test: 'Iter(test) [5/5]    ' }[mode];
      expect(out).toBe(head + metrics);
      expect(Object.keys(tag)).toEqual(['accuracy', 'data_time']);
    });
  }

  it('averages time and data_time over the epoch and puts them last', () => {
    const runner = makeRunner();
    const hub = runner.messageHub as MessageHub;
    for (let i = 0; i < 10; i++) {
      hub.updateScalars({ 'val/time': 0.1 * (i + 1), 'val/data_time': 0.01 });
    }
    hub.updateScalar('val/accuracy', 0.75);
    hub.updateInfo('val/recall', { cat: 1 });
    const [tag, out] = new LogProcessor().getLogAfterEpoch(runner, 3, 'val', true);
    // acc: latest value; time: mean of the last 4 (batch_idx 3 + 1): (0.7 + 0.8 + 0.9 + 1.0) / 4
    expect(out).toBe(
      'Epoch(val) [1][10/10]    acc: 0.9000  accuracy: 0.7500  recall: {"cat": 1}  time: 0.8500  data_time: 0.0100',
    );
    expect(Object.keys(tag)).toEqual(['acc', 'accuracy', 'recall', 'time', 'data_time']);
    expect(tag['time']).toBeCloseTo(0.85, 12);
  });

  it('only for val and test', () => {
    expect(() => new LogProcessor().getLogAfterEpoch(makeRunner(), 1, 'train' as never)).toThrow(TypeError);
  });
});

describe('LogProcessor statistics collection', () => {
  function seeded(n: number, seed: number): number[] {
    let s = seed;
    return Array.from({ length: n }, () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    });
  }
  const ones = Array.from({ length: 100 }, () => 1);
  const time = seeded(100, 1);
  const lossCls = seeded(100, 2);
  const lr = seeded(100, 3);
  const metric = seeded(100, 4);
  const naiveMean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  const custom: LogCustomCfg[] = [{ data_src: 'time', method_name: 'max', log_name: 'time_max' }];
  const processor = new LogProcessor({ custom_cfg: custom });
  const runner = makeRunner({
    messageHub: new MessageHub({
      name: uniqueName('collect'),
      logScalars: {
        'train/time': new HistoryBuffer(time, ones),
        lr: new HistoryBuffer(lr, ones),
        'train/loss_cls': new HistoryBuffer(lossCls, ones),
        'val/metric': new HistoryBuffer(metric, ones),
      },
    }),
  });

  it('train: means for time and losses over window_size, custom entries after', () => {
    const tag = processor.collectScalars(custom, runner, 'train');
    expect(Object.keys(tag)).toEqual(['time', 'loss_cls', 'time_max']);
    expect(tag['time']).toBeCloseTo(naiveMean(time.slice(-10)), 14);
    expect(tag['time_max']).toBe(Math.max(...time));
    expect(tag['loss_cls']).toBeCloseTo(naiveMean(lossCls.slice(-10)), 14);
  });

  it('val: the latest value of other keys', () => {
    const tag = processor.collectScalars(custom, runner, 'val');
    expect(Object.keys(tag)).toEqual(['metric']);
    expect(tag['metric']).toBe(metric.at(-1));
  });

  it('reservePrefix keeps the mode prefix', () => {
    const tag = processor.collectScalars(custom, runner, 'train', true);
    expect(Object.keys(tag)).toEqual(['train/time', 'train/loss_cls', 'train/time_max']);
    expect(tag['train/time_max']).toBe(Math.max(...time));
  });

  it('non-scalars of a mode are its runtime info, by reference', () => {
    const metric1 = new Float64Array(10);
    const metric2 = { shape: [], dataSync: () => new Float32Array([10]) };
    const hub = new MessageHub({
      name: uniqueName('non-scalar'),
      runtimeInfo: { 'test/metric1': metric1, 'test/metric2': metric2 },
    });
    const tag = new LogProcessor().collectNonScalars(makeRunner({ messageHub: hub }), 'test');
    expect(Object.keys(tag)).toEqual(['metric1', 'metric2']);
    expect(tag['metric1']).toBe(metric1);
    expect(tag['metric2']).toBe(metric2);
  });

  it('mean_pattern chooses which keys are averaged', () => {
    const hub = new MessageHub({ name: uniqueName('pattern') });
    for (const v of [1, 2, 3]) hub.updateScalars({ 'train/acc': v, 'train/loss': v });
    const r = makeRunner({ messageHub: hub });
    expect(new LogProcessor().collectScalars([], r, 'train')).toEqual({ acc: 3, loss: 2 });
    expect(new LogProcessor({ mean_pattern: 'acc' }).collectScalars([], r, 'train')).toEqual({ acc: 2, loss: 3 });
    expect(new LogProcessor({ mean_pattern: /ACC/gi }).collectScalars([], r, 'train')).toEqual({ acc: 2, loss: 3 });
  });

  it('extra custom_cfg keys reach a custom statistics method as options', () => {
    function scaled_mean(this: HistoryBuffer, windowSize: number, options: { scale: number }): number {
      return this.mean(windowSize) * options.scale;
    }
    HistoryBuffer.registerStatistics(scaled_mean);
    const hub = new MessageHub({ name: uniqueName('extra') });
    for (const v of [1, 2, 3]) hub.updateScalar('train/loss', v);
    const cfg: LogCustomCfg[] = [
      { data_src: 'loss', log_name: 'loss_x10', method_name: 'scaled_mean', window_size: 2, scale: 10 },
    ];
    expect(new LogProcessor({ custom_cfg: cfg }).collectScalars(cfg, makeRunner({ messageHub: hub }), 'train')).toEqual(
      {
        loss: 2,
        loss_x10: 25,
      },
    );
  });
});

describe('LogProcessor iteration, epoch and loop helpers', () => {
  const runner = makeRunner();

  it('getIter: the batch index + 1 by epoch, the global iteration + 1 otherwise', () => {
    expect(new LogProcessor().getIter(runner, 1)).toBe(2);
    expect(new LogProcessor({ by_epoch: false }).getIter(runner, 1)).toBe(11);
  });

  it('getEpoch: epoch + 1 in training, epoch in validation, an error for test', () => {
    const processor = new LogProcessor();
    expect(processor.getEpoch(runner, 'train')).toBe(2);
    expect(processor.getEpoch(runner, 'val')).toBe(1);
    expect(() => processor.getEpoch(runner, 'test')).toThrow(TypeError);
  });

  it('getCurLoop: the loop of each mode', () => {
    const processor = new LogProcessor();
    expect(processor.getCurLoop(runner, 'train').dataloader.length).toBe(20);
    expect(processor.getCurLoop(runner, 'val').dataloader.length).toBe(10);
    expect(processor.getCurLoop(runner, 'test').dataloader.length).toBe(5);
    expect(() => processor.getCurLoop(makeRunner({ testLoop: undefined }), 'test')).toThrow(/no built test loop/);
  });
});

/**
 * The manual's Logging chapter (23.1, 23.2): a ToyModel trained for one epoch of 25 iterations, logging every 10.
 * loss1 = 1 / (i + 1), loss2 = 2 / sqrt(i + 1), loss = loss1 + loss2; expected values computed with numpy.
 */
describe("the manual's training logs", () => {
  function train(options: LogProcessorOptions, extra?: (hub: MessageHub, i: number) => void): string[] {
    const hub = MessageHub.getInstance(uniqueName('toy'));
    const runner: RunnerLike = {
      messageHub: hub,
      epoch: 0,
      maxEpochs: 1,
      iter: 0,
      maxIters: 25,
      trainLoop: loop(25),
    };
    const processor = new LogProcessor(options);
    const lines: string[] = [];
    for (let i = 0; i < 25; i++) {
      runner.iter = i;
      hub.updateScalar('train/lr', 0.01);
      hub.updateScalar('train/data_time', 0.0004);
      extra?.(hub, i);
      const loss1 = 1 / (i + 1);
      const loss2 = 2 / Math.sqrt(i + 1);
      hub.updateScalars({ 'train/loss1': loss1, 'train/loss2': loss2, 'train/loss': loss1 + loss2 });
      hub.updateScalar('train/time', 0.0019);
      hub.updateInfo('eta', (25 - i - 1) * 0.0019);
      if ((i + 1) % 10 === 0) lines.push(processor.getLogAfterIter(runner, i, 'train')[1]);
    }
    return lines;
  }
  const head10 = 'Epoch(train) [1][10/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  ';
  const head20 = 'Epoch(train) [1][20/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  ';

  it('default: losses averaged over the last 10 iterations', () => {
    expect(train({})).toEqual([
      `${head10}loss1: 0.2929  loss2: 1.0042  loss: 1.2971`,
      `${head20}loss1: 0.0669  loss2: 0.5149  loss: 0.5817`,
    ]);
  });

  it("custom_cfg window_size 'global' overwrites loss1", () => {
    const lines = train({ custom_cfg: [{ data_src: 'loss1', method_name: 'mean', window_size: 'global' }] });
    expect(lines[0]).toBe(`${head10}loss1: 0.2929  loss2: 1.0042  loss: 1.2971`);
    expect(lines[1]).toBe(`${head20}loss1: 0.1799  loss2: 0.5149  loss: 0.5817`);
  });

  it('log_name adds loss1_global beside loss1', () => {
    const lines = train({
      custom_cfg: [{ data_src: 'loss1', log_name: 'loss1_global', method_name: 'mean', window_size: 'global' }],
    });
    expect(lines[1]).toBe(`${head20}loss1: 0.0669  loss2: 0.5149  loss: 0.5817  loss1_global: 0.1799`);
  });

  it('local and global maxima', () => {
    const lines = train({
      custom_cfg: [
        { data_src: 'loss1', log_name: 'loss1_local_max', window_size: 10, method_name: 'max' },
        { data_src: 'loss1', log_name: 'loss1_global_max', method_name: 'max', window_size: 'global' },
      ],
    });
    expect(lines[1]).toBe(
      `${head20}loss1: 0.0669  loss2: 0.5149  loss: 0.5817  loss1_local_max: 0.0909  loss1_global_max: 1.0000`,
    );
  });

  it('a scalar a model reports through the message hub (23.2 Customize log)', () => {
    const lines = train(
      { num_digits: 4, custom_cfg: [{ data_src: 'loss_tmp', window_size: 10, method_name: 'mean' }] },
      (hub, i) => hub.updateScalar('train/loss_tmp', 0.05 / (i + 1)),
    );
    expect(lines[0]).toBe(`${head10}loss_tmp: 0.0146  loss1: 0.2929  loss2: 1.0042  loss: 1.2971`);
    expect(lines[1]).toBe(`${head20}loss_tmp: 0.0033  loss1: 0.0669  loss2: 0.5149  loss: 0.5817`);
  });

  it('num_digits 5 prints lr as 1.00000e-02 (as in the manual)', () => {
    expect(train({ num_digits: 5 })[0]).toMatch(
      /^Epoch\(train\) \[1\]\[10\/25\] {2}lr: 1\.00000e-02 {2}eta: 0:00:00 {2}time: 0\.00190/,
    );
  });

  it('log_with_hierarchy: the tag keeps train/ prefixes, the line does not', () => {
    const hub = MessageHub.getInstance(uniqueName('hierarchy'));
    hub.updateScalars({ 'train/lr': 0.001, 'train/loss': 0.2312, 'train/time': 0.095, 'train/data_time': 0.0062 });
    hub.updateInfo('eta', 155);
    const runner: RunnerLike = {
      messageHub: hub,
      epoch: 0,
      maxEpochs: 5,
      iter: 9,
      maxIters: 7815,
      trainLoop: loop(1563),
    };
    const [tag, line] = new LogProcessor({ log_with_hierarchy: true }).getLogAfterIter(runner, 9, 'train');
    expect(line).toBe(
      'Epoch(train) [1][  10/1563]  lr: 1.0000e-03  eta: 0:02:35  time: 0.0950  data_time: 0.0062  loss: 0.2312',
    );
    expect(tag).toEqual({
      'train/lr': 0.001,
      'train/loss': 0.2312,
      'train/time': 0.095,
      'train/data_time': 0.0062,
      epoch: 1,
      iter: 10,
    });
  });
});
