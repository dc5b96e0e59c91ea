import { PARAM_SCHEDULERS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Adagrad } from '../src/optimizer/adagrad';
import { Adam } from '../src/optimizer/adam';
import { SGD } from '../src/optimizer/sgd';
import { OptimWrapper } from '../src/optim-wrapper/optim-wrapper';
import '../src/register';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceOnPlateauLR,
  StepLR,
} from '../src/scheduler/lr';
import { LinearMomentum } from '../src/scheduler/momentum';
import { INF, type ParamScheduler } from '../src/scheduler/param-scheduler';

const sgd = (lr = 0.1) => new SGD([tf.variable(tf.zeros([1]))], { lr, momentum: 0.9 });
const lrs = (s: ParamScheduler, n: number) =>
  Array.from({ length: n }, () => {
    s.step();
    return s.getLastValue()[0] as number;
  });

describe('scheduler options', () => {
  it('rejects an empty or reversed range and a bad last_step', () => {
    expect(() => new LinearLR({ optimizer: sgd(), begin: 5, end: 5 })).toThrow(/end should be larger than begin/);
    expect(() => new LinearLR({ optimizer: sgd(), last_step: -2 })).toThrow(/last_step/);
    expect(() => new LinearLR({ optimizer: sgd(), start_factor: 2 })).toThrow(/between 0 and 1/);
    expect(() => new LinearLR({ optimizer: undefined as never })).toThrow(TypeError);
    expect(() => new OneCycleLR({ optimizer: sgd(), total_steps: 0 })).toThrow(/total_steps/);
    expect(() => new ReduceOnPlateauLR({ optimizer: sgd(), by_epoch: false })).toThrow(/by_epoch=True/);
  });

  it('momentum schedulers need momentum or betas', () => {
    const adagrad = new Adagrad([tf.variable(tf.zeros([1]))]);
    expect(() => new LinearMomentum({ optimizer: adagrad })).toThrow(/must support momentum/);
    const adam = new Adam([tf.variable(tf.zeros([1]))], { betas: [0.9, 0.99] });
    new LinearMomentum({ optimizer: adam, start_factor: 0.5, end: 3 });
    expect(adam.paramGroups[0]?.betas).toEqual([0.45, 0.99]);
  });

  it('resuming by last_step needs the initial values and takes the next step in the constructor', () => {
    expect(() => new StepLR({ optimizer: sgd(), step_size: 3, last_step: 10 })).toThrow(/initial_lr/);
    // MMEngine's test_resume: the checkpoint is saved before scheduler.step() of epoch 4
    const optimizer = sgd(0.05);
    const results: number[] = [];
    const first = new ExponentialLR({ optimizer, gamma: 0.9 });
    for (let epoch = 0; epoch < 5; epoch++) {
      results.push(optimizer.paramGroups[0]?.lr as number);
      if (epoch === 4) break;
      first.step();
    }
    const second = new ExponentialLR({ optimizer, gamma: 0.9, last_step: 4 });
    for (let epoch = 0; epoch < 5; epoch++) {
      results.push(optimizer.paramGroups[0]?.lr as number);
      second.step();
    }
    results.forEach((lr, epoch) => {
      expect(lr).toBeCloseTo(0.05 * 0.9 ** epoch, 12);
    });
  });

  it('ReduceOnPlateau needs the validation metrics and names the missing key', () => {
    const s = new ReduceOnPlateauLR({ optimizer: sgd(), monitor: 'acc' });
    expect(s.needValArgs).toBe(true);
    expect(new LinearLR({ optimizer: sgd() }).needValArgs).toBe(false);
    expect(() => s.step({ loss: 1 })).toThrow(/acc/);
  });

  it('OneCycle refuses to step past total_steps', () => {
    const s = new OneCycleLR({ optimizer: sgd(), eta_max: 1, total_steps: 3, by_epoch: false, end: 10 });
    s.step();
    s.step();
    s.step();
    expect(() => s.step()).toThrow(/Tried to step 5 times/);
  });
});

describe('buildIterFromEpoch and convert_to_iter_based', () => {
  it('scales milestones, begin and end by the epoch length', () => {
    const s = MultiStepLR.buildIterFromEpoch({
      optimizer: sgd(),
      milestones: [8, 11],
      gamma: 0.1,
      begin: 1,
      end: 20,
      epoch_length: 10,
    });
    expect(s).toBeInstanceOf(MultiStepLR);
    expect(s.byEpoch).toBe(false);
    expect([s.begin, s.end]).toEqual([10, 200]);
    expect(s.stateDict().milestones).toEqual({ 80: 1, 110: 1 });
  });

  it('keeps end INF, and refuses iteration-based or length-less options', () => {
    expect(CosineAnnealingLR.buildIterFromEpoch({ optimizer: sgd(), T_max: 12, epoch_length: 5 }).end).toBe(INF);
    expect(() =>
      StepLR.buildIterFromEpoch({ optimizer: sgd(), step_size: 1, by_epoch: false, epoch_length: 5 }),
    ).toThrow(/by_epoch=True/);
    expect(() => StepLR.buildIterFromEpoch({ optimizer: sgd(), step_size: 1 })).toThrow(/epoch_length/);
  });

  it('the registry builds through buildSchedulerFromCfg', () => {
    const optimWrapper = new OptimWrapper({ optimizer: sgd() });
    const s = PARAM_SCHEDULERS.build(
      { type: 'CosineAnnealingLR', T_max: 12, convert_to_iter_based: true },
      { optimizer: optimWrapper, epoch_length: 3 },
    ) as CosineAnnealingLR;
    expect([s.byEpoch, s.tMax]).toEqual([false, 36]);
    const plain = PARAM_SCHEDULERS.build(
      { type: 'StepLR', step_size: 2 },
      { optimizer: optimWrapper, epoch_length: 3 },
    ) as StepLR;
    expect([plain.byEpoch, plain.stepSize]).toEqual([true, 2]);
    expect(() =>
      PARAM_SCHEDULERS.build(
        { type: 'StepLR', step_size: 2, convert_to_iter_based: true },
        { optimizer: optimWrapper },
      ),
    ).toThrow(/epoch_length/);
    expect(() =>
      PARAM_SCHEDULERS.build(
        { type: 'NoSuchLR', convert_to_iter_based: true },
        { optimizer: optimWrapper, epoch_length: 2 },
      ),
    ).toThrow(/NoSuchLR/);
  });
});

describe('state dicts', () => {
  it("use MMEngine's keys and leave the optimizer out", () => {
    const s = new LinearLR({ optimizer: sgd(), start_factor: 0.5, end: 4 });
    s.step();
    const state = s.stateDict();
    expect(state).toMatchObject({
      param_name: 'lr',
      begin: 0,
      end: 4,
      by_epoch: true,
      last_step: 1,
      _global_step: 1,
      base_values: [0.1],
      start_factor: 0.5,
      end_factor: 1,
      total_iters: 3,
    });
    expect((state._last_value as number[])[0]).toBeCloseTo(0.1 * (0.5 + 0.5 / 3), 12);
    expect(state).not.toHaveProperty('optimizer');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('loading continues the sequence even after the constructor stepped a reloaded optimizer (MMEngine GitHub issue #1542)', () => {
    const a = sgd();
    const s = new LinearLR({ optimizer: a, start_factor: 0.25, end: 5 });
    const head = lrs(s, 2);
    const optimState = a.stateDict();
    const state = s.stateDict();
    const rest = lrs(s, 4);
    const b = sgd();
    b.loadStateDict(optimState);
    const resumed = new LinearLR({ optimizer: b, start_factor: 0.25, end: 5 });
    resumed.loadStateDict(state);
    expect(b.paramGroups[0]?.lr).toBe(head[1]);
    expect(lrs(resumed, 4)).toEqual(rest);
  });
});
