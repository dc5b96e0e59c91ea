// Every parameter scheduler against value sequences recorded from MMEngine (test/fixtures/make_scheduler_refs.py).
import { readFileSync } from 'node:fs';
import { PARAM_SCHEDULERS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Adam, type Optimizer, OptimWrapper, type ParamScheduler, SGD } from '../src';

interface Case {
  name: string;
  schedulers: Array<Record<string, unknown>>;
  epochs: number;
  epoch_length: number;
  optimizer: Record<string, unknown> & { type: string; lr: number };
  groups: number;
  wrapper: boolean;
  metrics: number[] | null;
  values: Array<Record<string, number[]>>;
}

const refs = JSON.parse(readFileSync(new URL('./fixtures/scheduler_refs.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};
const KEYS = ['lr', 'momentum', 'weight_decay'];

export function makeTarget(c: Pick<Case, 'optimizer' | 'groups' | 'wrapper'>): {
  optimizer: Optimizer;
  target: Optimizer | OptimWrapper;
} {
  const { type, ...options } = c.optimizer;
  const a = tf.variable(tf.zeros([2]));
  const b = tf.variable(tf.zeros([2]));
  const params = c.groups === 1 ? [a, b] : [{ params: [a] }, { params: [b], lr: c.optimizer.lr * 0.1 }];
  const optimizer = type === 'Adam' ? new Adam(params, options) : new SGD(params, options as { lr: number });
  return { optimizer, target: c.wrapper ? new OptimWrapper({ optimizer }) : optimizer };
}

function snapshot(target: { paramGroups: Array<Record<string, unknown>> }): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const key of KEYS) {
    const values = target.paramGroups.filter((g) => key in g).map((g) => g[key] as number);
    if (values.length > 0) out[key] = values;
  }
  if ('betas' in (target.paramGroups[0] ?? {}))
    out.beta1 = target.paramGroups.map((g) => (g.betas as number[])[0] as number);
  return out;
}

export function simulate(
  c: Case,
  schedulers: ParamScheduler[],
  target: Optimizer | OptimWrapper,
  fromIter = 0,
  record: Array<Record<string, number[]>> = [],
) {
  const metrics = c.metrics ?? [];
  for (let iter = fromIter; iter < c.epochs * c.epoch_length; iter++) {
    record.push(snapshot(target));
    for (const s of schedulers) if (!s.byEpoch) s.step();
    if ((iter + 1) % c.epoch_length === 0) {
      const metric = metrics[(iter + 1) / c.epoch_length - 1];
      for (const s of schedulers) {
        if (!s.byEpoch) continue;
        if (s.needValArgs) (s.step as (m?: object) => void)({ loss: metric, acc: metric });
        else s.step();
      }
    }
  }
  record.push(snapshot(target));
  return record;
}

function expectSame(actual: Array<Record<string, number[]>>, expected: Array<Record<string, number[]>>): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((step, i) => {
    expect(Object.keys(actual[i] ?? {}).sort(), `step ${i} keys`).toEqual(Object.keys(step).sort());
    for (const [key, values] of Object.entries(step)) {
      const ours = (actual[i] as Record<string, number[]>)[key] as number[];
      expect(ours.length).toBe(values.length);
      values.forEach((v, g) => {
        expect(Math.abs((ours[g] as number) - v), `step ${i} ${key}[${g}]: ${ours[g]} vs ${v}`).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(v)),
        );
      });
    }
  });
}

function build(c: Case, target: Optimizer | OptimWrapper): ParamScheduler[] {
  return c.schedulers.map(
    (cfg) =>
      PARAM_SCHEDULERS.build({ ...cfg } as { type: string }, {
        optimizer: target,
        epoch_length: c.epoch_length,
      }) as ParamScheduler,
  );
}

describe('parameter schedulers reproduce MMEngine sequences', () => {
  for (const c of refs.cases) {
    it(c.name, () => {
      const { target } = makeTarget(c);
      expectSame(simulate(c, build(c, target), target), c.values);
    });
  }
});

describe('resuming from a state dict continues the same sequence', () => {
  const names = [
    'warm-up then MultiStep (manual)',
    'LinearLR',
    'OneCycleLR cos',
    'CosineRestartLR',
    'ReduceOnPlateauLR',
    'CosineAnnealingMomentum on Adam betas',
    'OptimWrapper with two groups',
    'MultiStepLR repeated milestone',
  ];
  // MMEngine's runner builds the schedulers before it loads the checkpoint; loading the optimizer first works too
  const orders = ['schedulers built first (runner order)', 'optimizer loaded first'] as const;
  for (const name of names) {
    it.each(orders)(`${name}: %s`, (order) => {
      const c = refs.cases.find((x) => x.name === name) as Case;
      const total = c.epochs * c.epoch_length;
      const stopAt = Math.floor(total / 2 / c.epoch_length) * c.epoch_length || c.epoch_length;
      const first = makeTarget(c);
      const schedulers = build(c, first.target);
      const partial = simulate({ ...c, epochs: stopAt / c.epoch_length }, schedulers, first.target);
      partial.pop();
      const optimState = JSON.parse(JSON.stringify(first.target.stateDict({ asArrays: true })));
      const schedState = schedulers.map((s) => JSON.parse(JSON.stringify(s.stateDict())));
      // a new run; the rebuilt schedulers' constructors take a first step on whatever the optimizer holds then
      const second = makeTarget(c);
      let resumed: ParamScheduler[];
      if (order === 'optimizer loaded first') {
        second.target.loadStateDict(optimState);
        resumed = build(c, second.target);
      } else {
        resumed = build(c, second.target);
        second.target.loadStateDict(optimState);
      }
      resumed.forEach((s, i) => {
        s.loadStateDict(schedState[i]);
      });
      simulate(c, resumed, second.target, stopAt, partial);
      expectSame(partial, c.values);
    });
  }
});
