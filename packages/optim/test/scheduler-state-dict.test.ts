// Scheduler state dicts under MMEngine's key names: MMEngine's `state_dict()` is every `self.__dict__` entry but
// `optimizer`, so a checkpoint of either side resumes the other only if the keys are the same.
import { PARAM_SCHEDULERS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Adam, OneCycleLR, SchedulerError, SGD, type ParamScheduler } from '../src';

// The attributes each MMEngine class sets (mmengine/optim/scheduler/param_scheduler.py and momentum_scheduler.py).
const BASE = ['param_name', 'begin', 'end', 'by_epoch', 'base_values', 'last_step', '_global_step', 'verbose'];
const OWN: Record<string, string[]> = {
  Step: ['step_size', 'gamma'],
  MultiStep: ['milestones', 'gamma'],
  Constant: ['factor', 'total_iters'],
  Exponential: ['gamma'],
  CosineAnnealing: ['T_max', 'eta_min', 'eta_min_ratio'],
  Linear: ['start_factor', 'end_factor', 'total_iters'],
  Poly: ['eta_min', 'power', 'total_iters'],
  OneCycle: ['eta_max', 'div_factor', 'final_div_factor', 'total_steps', 'anneal_func', '_schedule_phases'],
  CosineRestart: ['periods', 'eta_min', 'eta_min_ratio', 'restart_weights', 'cumulative_periods'],
};
// ReduceOnPlateauParamScheduler does not call the base __init__ (no base_values) and sets its own attributes.
const REDUCE_ON_PLATEAU = [
  ...BASE.filter((k) => k !== 'base_values'),
  'factor',
  'min_values',
  'patience',
  'cooldown',
  'cooldown_counter',
  'rule_worse',
  'best',
  'num_bad_epochs',
  'eps',
  'monitor',
  'rule',
  'threshold',
  'threshold_rule',
];
const OPTIONS: Record<string, Record<string, unknown>> = {
  Step: { step_size: 2 },
  Exponential: { gamma: 0.9 },
  MultiStep: { milestones: [2, 4] },
  OneCycle: { eta_max: 0.1, total_steps: 10 },
  CosineRestart: { periods: [3, 3], restart_weights: [1, 0.5], eta_min: 0 },
};

function mmengineKeys(kind: string, suffix: string): string[] {
  const own = kind === 'ReduceOnPlateau' ? REDUCE_ON_PLATEAU : [...BASE, ...(OWN[kind] as string[])];
  return [...own, '_last_value', ...(suffix === 'Momentum' ? ['use_betas'] : [])].sort();
}

const sgd = () => new SGD([tf.variable(tf.zeros([1]))], { lr: 0.1, momentum: 0.9 });
const kinds = [...Object.keys(OWN), 'ReduceOnPlateau'];

describe('every scheduler saves the keys MMEngine saves', () => {
  for (const kind of kinds) {
    for (const suffix of ['ParamScheduler', 'LR', 'Momentum']) {
      const type = `${kind}${suffix}`;
      if (type === 'OneCycleMomentum') continue; // MMEngine has none
      it(type, () => {
        const extra = suffix === 'ParamScheduler' ? { param_name: kind === 'OneCycle' ? 'lr' : 'momentum' } : {};
        const s = PARAM_SCHEDULERS.build({ type, ...OPTIONS[kind], ...extra }, { optimizer: sgd() }) as ParamScheduler;
        expect(Object.keys(s.stateDict()).sort()).toEqual(mmengineKeys(kind, suffix));
      });
    }
  }
});

describe("momentum schedulers save MMEngine's use_betas", () => {
  it('true for an Adam-like optimizer (beta1 is scheduled), false for SGD', () => {
    const adam = new Adam([tf.variable(tf.zeros([1]))], { lr: 0.1 });
    const onAdam = PARAM_SCHEDULERS.build({ type: 'CosineAnnealingMomentum', T_max: 5 }, { optimizer: adam });
    const onSgd = PARAM_SCHEDULERS.build({ type: 'CosineAnnealingMomentum', T_max: 5 }, { optimizer: sgd() });
    expect((onAdam as ParamScheduler).stateDict().use_betas).toBe(true);
    expect((onSgd as ParamScheduler).stateDict().use_betas).toBe(false);
  });

  it('loads a state dict of the previous release, which had no use_betas', () => {
    const adam = new Adam([tf.variable(tf.zeros([1]))], { lr: 0.1 });
    const s = PARAM_SCHEDULERS.build({ type: 'CosineAnnealingMomentum', T_max: 5 }, { optimizer: adam });
    const { use_betas: _, ...old } = (s as ParamScheduler).stateDict();
    (s as ParamScheduler).loadStateDict(old);
    expect((s as ParamScheduler).stateDict().use_betas).toBe(true);
  });
});

describe('OneCycleLR state dict', () => {
  // A run of 3 steps with pct_start 0.5 and cosine annealing, then its state as each side writes it.
  function original() {
    const optimizer = sgd();
    const s = new OneCycleLR({ optimizer, eta_max: 0.1, total_steps: 10, pct_start: 0.5, by_epoch: false });
    for (let i = 0; i < 3; i++) s.step();
    return { optimizer, s };
  }
  // Resumes into a scheduler built with other options (linear, pct_start 0.3): only the loaded state can make it
  // continue the original's sequence.
  function resume(groups: Array<Record<string, unknown>>, state: Record<string, unknown>) {
    const optimizer = sgd();
    Object.assign(optimizer.paramGroups[0] as object, { ...groups[0], params: optimizer.paramGroups[0]?.params });
    const s = new OneCycleLR({ optimizer, eta_max: 0.1, total_steps: 10, anneal_strategy: 'linear', by_epoch: false });
    s.loadStateDict(state);
    return s;
  }
  const rest = (s: ParamScheduler) =>
    Array.from({ length: 6 }, () => {
      s.step();
      return s.getLastValue()[0] as number;
    });

  it("saves anneal_func as the name of MMEngine's method and _schedule_phases with MMEngine's keys", () => {
    const { s } = original();
    const state = s.stateDict();
    expect(state.anneal_func).toBe('_annealing_cos');
    expect(state._schedule_phases).toEqual([
      { end_step: 4, start_lr: 'initial_lr', end_lr: 'max_lr' },
      { end_step: 9, start_lr: 'max_lr', end_lr: 'min_lr' },
    ]);
    const linear = new OneCycleLR({ optimizer: sgd(), eta_max: 0.1, total_steps: 10, anneal_strategy: 'linear' });
    expect(linear.stateDict().anneal_func).toBe('_annealing_linear');
    expect(linear.stateDict()).not.toHaveProperty('anneal_strategy');
    expect(linear.stateDict()).not.toHaveProperty('schedule_phases');
  });

  it('resumes from an MMEngine state dict (anneal_func written by json.dumps(..., default=str))', () => {
    const { optimizer, s } = original();
    const mmengine = {
      eta_max: 0.1,
      div_factor: 25.0,
      final_div_factor: 10000.0,
      total_steps: 10,
      anneal_func:
        '<bound method OneCycleParamScheduler._annealing_cos of <mmengine.optim.scheduler.lr_scheduler.OneCycleLR object at 0x7f3a2c1b5e50>>',
      _schedule_phases: [
        { end_step: 4.0, start_lr: 'initial_lr', end_lr: 'max_lr' },
        { end_step: 9, start_lr: 'max_lr', end_lr: 'min_lr' },
      ],
      param_name: 'lr',
      begin: 0,
      end: 1000000000,
      by_epoch: false,
      base_values: [0.004],
      last_step: 3,
      _global_step: 3,
      verbose: false,
      _last_value: s.getLastValue(),
    };
    const resumed = resume(optimizer.paramGroups, mmengine);
    expect(rest(resumed)).toEqual(rest(s));
  });

  it('resumes from a state dict of the previous release (anneal_strategy, schedule_phases)', () => {
    const { optimizer, s } = original();
    const { anneal_func: _f, _schedule_phases: _p, ...state } = s.stateDict();
    const old = {
      ...state,
      anneal_strategy: 'cos',
      schedule_phases: [
        { end_step: 4, start: 'initial_lr', end: 'max_lr' },
        { end_step: 9, start: 'max_lr', end: 'min_lr' },
      ],
    };
    const resumed = resume(optimizer.paramGroups, old);
    expect(rest(resumed)).toEqual(rest(s));
  });

  it('refuses an anneal_func it cannot read, naming the key and the values it accepts', () => {
    const s = new OneCycleLR({ optimizer: sgd(), eta_max: 0.1, total_steps: 10 });
    const load = () => s.loadStateDict({ anneal_func: 'functools.partial(<function cosine>)' });
    expect(load).toThrow(SchedulerError);
    expect(load).toThrow(/OneCycleLR: state dict key 'anneal_func'.*'_annealing_cos' or '_annealing_linear'/);
  });
});
