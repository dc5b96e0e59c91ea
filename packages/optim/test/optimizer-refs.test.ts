// Every optimizer against trajectories recorded from PyTorch (test/fixtures/make_optimizer_refs.py).
import { readFileSync } from 'node:fs';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Adadelta, Adagrad, Adam, Adamax, AdamW, NAdam, type Optimizer, RAdam, RMSprop, SGD } from '../src';

interface Case {
  optimizer: string;
  label: string;
  kwargs: Record<string, unknown>;
  group2: Record<string, unknown> | null;
  losses: number[];
  trajectory: [number[], number[]][];
  state: Record<string, Record<string, number | number[] | number[][] | null>>;
  param_groups: Array<Record<string, unknown>>;
}
const refs = JSON.parse(readFileSync(new URL('./fixtures/optimizer_refs.json', import.meta.url), 'utf8')) as {
  P0: number[][];
  P1: number[];
  W: number[][];
  T: number[][];
  steps: number;
  cases: Case[];
};

const CLASSES: Record<string, new (params: never, options: never) => Optimizer> = {
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
  Adadelta,
  Adamax,
  NAdam,
  RAdam,
};

function lossOf(p0: tf.Tensor, p1: tf.Tensor): tf.Scalar {
  const w = tf.tensor2d(refs.W);
  const t = tf.tensor2d(refs.T);
  const quadratic = tf.sum(tf.mul(tf.square(tf.sub(p0, t)), w));
  const quartic = tf.mul(tf.sum(tf.pow(p1, 4)), 0.25);
  const coupling = tf.sum(tf.matMul(p0, tf.reshape(p1, [3, 1])));
  return tf.addN([quadratic, quartic, coupling]) as tf.Scalar;
}

function flat(x: unknown): number[] {
  return (Array.isArray(x) ? x.flat(Number.POSITIVE_INFINITY) : [x]) as number[];
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 2e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  }
}

function run(c: Case) {
  const p0 = tf.variable(tf.tensor2d(refs.P0));
  const p1 = tf.variable(tf.tensor1d(refs.P1));
  const Cls = CLASSES[c.optimizer] as (typeof CLASSES)[string];
  const params = c.group2 === null ? [p0, p1] : [{ params: [p0] }, { params: [p1], ...c.group2 }];
  const optimizer = new Cls(params as never, c.kwargs as never);
  return { p0, p1, optimizer };
}

function trainStep(optimizer: Optimizer, p0: tf.Variable, p1: tf.Variable): number {
  const { value, grads } = tf.variableGrads(() => lossOf(p0, p1), [p0, p1]);
  const loss = value.dataSync()[0] as number;
  value.dispose();
  optimizer.accumulateGrads(
    new Map([
      [p0, grads[p0.name] as tf.Tensor],
      [p1, grads[p1.name] as tf.Tensor],
    ]),
  );
  optimizer.step();
  optimizer.zeroGrad();
  return loss;
}

describe('optimizers follow PyTorch update rules', () => {
  for (const c of refs.cases) {
    it(`${c.optimizer} (${c.label}) matches torch over ${refs.steps} steps`, () => {
      const { p0, p1, optimizer } = run(c);
      for (let s = 0; s < refs.steps; s++) {
        const loss = trainStep(optimizer, p0, p1);
        expectClose([loss], [c.losses[s] as number], 5e-5);
        const [e0, e1] = c.trajectory[s] as [number[], number[]];
        expectClose(p0.dataSync(), e0);
        expectClose(p1.dataSync(), e1);
      }
      const sd = optimizer.stateDict();
      expect(Object.keys(sd.state).sort()).toEqual(Object.keys(c.state).sort());
      for (const [index, torchState] of Object.entries(c.state)) {
        const ours = sd.state[Number(index)] as Record<string, tf.Tensor | number | null>;
        // PyTorch's None entries (SGD without momentum) are null on both sides.
        expect(Object.keys(ours).sort()).toEqual(Object.keys(torchState).sort());
        for (const key of Object.keys(torchState)) {
          if (torchState[key] === null) {
            expect(ours[key], `state[${index}].${key}`).toBeNull();
            continue;
          }
          const value = ours[key] as tf.Tensor | number;
          expectClose(typeof value === 'number' ? [value] : value.dataSync(), flat(torchState[key]), 5e-5);
          if (typeof value !== 'number') value.dispose();
        }
      }
      expect(sd.param_groups.map((g) => g.params)).toEqual(c.param_groups.map((g) => g.params));
      for (const [g, group] of c.param_groups.entries()) {
        for (const [key, value] of Object.entries(group)) {
          if (key === 'params' || value === null) continue;
          expect(sd.param_groups[g]?.[key], `param_groups[${g}].${key}`).toEqual(value);
        }
      }
      tf.dispose([p0, p1]);
      optimizer.zeroGrad();
    });
  }
});

describe('optimizer memory', () => {
  for (const name of Object.keys(CLASSES)) {
    it(`${name} keeps the tensor count flat across steps`, () => {
      const c = refs.cases.find((x) => x.optimizer === name) as Case;
      const { p0, p1, optimizer } = run(c);
      trainStep(optimizer, p0, p1);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) trainStep(optimizer, p0, p1);
      expect(tf.memory().numTensors).toBe(before);
      const stateTensors = [...optimizer.state.values()]
        .flatMap((st) => Object.values(st))
        .filter((v) => v instanceof tf.Tensor).length;
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before - stateTensors);
      tf.dispose([p0, p1]);
    });
  }
});

describe('optimizer state dict round trip', () => {
  it('a fresh optimizer loaded from stateDict continues the same trajectory', () => {
    const c = refs.cases.find((x) => x.optimizer === 'Adam' && x.label === 'amsgrad_wd') as Case;
    const a = run(c);
    for (let s = 0; s < 3; s++) trainStep(a.optimizer, a.p0, a.p1);
    const sd = a.optimizer.stateDict();
    const b = run(c);
    b.p0.assign(a.p0);
    b.p1.assign(a.p1);
    b.optimizer.loadStateDict(sd);
    tf.dispose(Object.values(sd.state).flatMap((s) => Object.values(s).filter((v) => v instanceof tf.Tensor)));
    for (let s = 3; s < refs.steps; s++) {
      trainStep(b.optimizer, b.p0, b.p1);
      expectClose(b.p0.dataSync(), (c.trajectory[s] as [number[], number[]])[0]);
    }
  });

  it('exports JSON-safe arrays on request and continues the trajectory from them', () => {
    const c = refs.cases.find((x) => x.optimizer === 'RMSprop' && x.label === 'centered_momentum_wd') as Case;
    const a = run(c);
    for (let s = 0; s < 4; s++) trainStep(a.optimizer, a.p0, a.p1);
    const json = JSON.parse(JSON.stringify(a.optimizer.stateDict({ asArrays: true })));
    expect(json.state[0].square_avg).toHaveLength(2);
    const b = run(c);
    b.p0.assign(a.p0);
    b.p1.assign(a.p1);
    b.optimizer.loadStateDict(json);
    for (let s = 4; s < refs.steps; s++) {
      trainStep(b.optimizer, b.p0, b.p1);
      expectClose(b.p1.dataSync(), (c.trajectory[s] as [number[], number[]])[1]);
    }
  });

  it('loads plain number arrays (a JSON checkpoint) and rejects a different layout', () => {
    const c = refs.cases.find((x) => x.optimizer === 'SGD' && x.label === 'momentum') as Case;
    const a = run(c);
    a.optimizer.loadStateDict({
      state: {
        0: {
          momentum_buffer: [
            [1, 1, 1],
            [1, 1, 1],
          ],
        },
      },
      param_groups: [{ ...(c.param_groups[0] as object), lr: 0.5, params: [0, 1] }],
    });
    expect(a.optimizer.paramGroups[0]?.lr).toBe(0.5);
    expect(
      Array.from(((a.optimizer.state.get(a.p0) as Record<string, tf.Tensor>).momentum_buffer as tf.Tensor).dataSync()),
    ).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => a.optimizer.loadStateDict({ state: {}, param_groups: [] })).toThrow(/parameter groups/);
  });
});

describe('applyGradients', () => {
  it('steps with given gradients without taking them (like tf.train.Optimizer.applyGradients)', () => {
    const c = refs.cases.find((x) => x.optimizer === 'Adam' && x.label === 'default') as Case;
    const a = run(c);
    const { grads } = tf.variableGrads(() => lossOf(a.p0, a.p1), [a.p0, a.p1]);
    const byVariable = new Map<tf.Variable, tf.Tensor>([
      [a.p0, grads[a.p0.name] as tf.Tensor],
      [a.p1, grads[a.p1.name] as tf.Tensor],
    ]);
    a.optimizer.applyGradients(byVariable);
    expect(a.optimizer.grads.size).toBe(0);
    expect(byVariable.get(a.p0)?.isDisposed).toBe(false);
    expectClose(a.p0.dataSync(), (c.trajectory[0] as [number[], number[]])[0]);
    tf.dispose([...byVariable.values(), a.p0, a.p1]);
  });
});

describe('param groups', () => {
  it('groups inherit the defaults they do not override', () => {
    const a = tf.variable(tf.zeros([2]));
    const b = tf.variable(tf.zeros([2]));
    const sgd = new SGD([{ params: [a] }, { params: [b], lr: 1e-3 }], { lr: 0.01, momentum: 0.9 });
    expect(sgd.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.01, 0.9],
      [1e-3, 0.9],
    ]);
    expect(() => new SGD([{ params: [a] }, { params: [a] }], { lr: 0.1 })).toThrow(/more than one parameter group/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/empty/);
    expect(() => new SGD([a], { lr: 0.1, nesterov: true })).toThrow(/Nesterov/);
  });
});
