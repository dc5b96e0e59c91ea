// Optimizer state dicts as PyTorch writes them, including the `None` entries PyTorch keeps in `state` (`null` in JSON).
import { readFileSync } from 'node:fs';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { Adam, OptimizerError, SGD } from '../src';

interface Case {
  optimizer: string;
  label: string;
  trajectory: [number[], number[]][];
  state: Record<string, Record<string, unknown>>;
  param_groups: Array<Record<string, unknown>>;
}
// Recorded with PyTorch 1.13 (test/fixtures/make_optimizer_refs.py): `state` is `opt.state_dict()['state']` verbatim.
const refs = JSON.parse(readFileSync(new URL('./fixtures/optimizer_refs.json', import.meta.url), 'utf8')) as {
  P0: number[][];
  P1: number[];
  W: number[][];
  T: number[][];
  cases: Case[];
};
const plain = refs.cases.find((c) => c.optimizer === 'SGD' && c.label === 'plain') as Case;

// `torch.optim.SGD([p0, p1], lr=0.05).state_dict()` after a step, as `json.dumps` writes it (PyTorch 1.13): the fixture
// leaves out the group keys that only steer PyTorch's kernels (`foreach`, `differentiable`), so they are put back here.
function torchSgdStateDict() {
  return JSON.parse(
    JSON.stringify({
      state: plain.state,
      param_groups: plain.param_groups.map((g) => ({ ...g, foreach: null, differentiable: false })),
    }),
  );
}

function variables() {
  return [tf.variable(tf.tensor2d(refs.P0)), tf.variable(tf.tensor1d(refs.P1))] as const;
}

function lossOf(p0: tf.Tensor, p1: tf.Tensor): tf.Scalar {
  const quadratic = tf.sum(tf.mul(tf.square(tf.sub(p0, tf.tensor2d(refs.T))), tf.tensor2d(refs.W)));
  const quartic = tf.mul(tf.sum(tf.pow(p1, 4)), 0.25);
  const coupling = tf.sum(tf.matMul(p0, tf.reshape(p1, [3, 1])));
  return tf.addN([quadratic, quartic, coupling]) as tf.Scalar;
}

function step(optimizer: SGD | Adam, p0: tf.Variable, p1: tf.Variable): void {
  const { value, grads } = tf.variableGrads(() => lossOf(p0, p1), [p0, p1]);
  value.dispose();
  optimizer.accumulateGrads(
    new Map([
      [p0, grads[p0.name] as tf.Tensor],
      [p1, grads[p1.name] as tf.Tensor],
    ]),
  );
  optimizer.step();
  optimizer.zeroGrad();
}

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(2e-5);
  }
}

describe('a PyTorch SGD state dict saved without momentum (momentum_buffer: None)', () => {
  it('holds null entries as PyTorch writes them', () => {
    expect(torchSgdStateDict().state['0']).toEqual({ momentum_buffer: null });
  });

  it('loads, and training continues on PyTorch trajectory', () => {
    const [p0, p1] = variables();
    const sgd = new SGD([p0, p1], { lr: 0.05 });
    sgd.loadStateDict(torchSgdStateDict());
    expect(sgd.paramGroups[0]?.lr).toBe(0.05);
    expect(sgd.paramGroups[0]?.foreach).toBeNull();
    const [at3, at4] = [plain.trajectory[3], plain.trajectory[4]] as [[number[], number[]], [number[], number[]]];
    p0.assign(tf.tensor2d(at3[0], [2, 3]));
    p1.assign(tf.tensor1d(at3[1]));
    step(sgd, p0, p1);
    expectClose(p0.dataSync(), at4[0]);
    expectClose(p1.dataSync(), at4[1]);
    sgd.dispose();
    tf.dispose([p0, p1]);
  });

  it('loads into an SGD with momentum as a buffer not created yet (the next step starts it, as in PyTorch)', () => {
    const [a0, a1] = variables();
    const [b0, b1] = variables();
    const fresh = new SGD([a0, a1], { lr: 0.05, momentum: 0.9 });
    const loaded = new SGD([b0, b1], { lr: 0.05, momentum: 0.9 });
    const sd = torchSgdStateDict();
    loaded.loadStateDict({ ...sd, param_groups: [{ ...sd.param_groups[0], momentum: 0.9 }] });
    for (let i = 0; i < 3; i++) {
      step(fresh, a0, a1);
      step(loaded, b0, b1);
    }
    expectClose(b0.dataSync(), Array.from(a0.dataSync()));
    expectClose(b1.dataSync(), Array.from(a1.dataSync()));
    fresh.dispose();
    loaded.dispose();
    tf.dispose([a0, a1, b0, b1]);
  });

  it('loads the empty state newer PyTorch writes for it', () => {
    const [p0, p1] = variables();
    const sgd = new SGD([p0, p1], { lr: 0.05 });
    sgd.loadStateDict({ state: {}, param_groups: [{ ...torchSgdStateDict().param_groups[0], fused: null }] });
    step(sgd, p0, p1);
    expectClose(p1.dataSync(), (plain.trajectory[0] as [number[], number[]])[1]);
    sgd.dispose();
    tf.dispose([p0, p1]);
  });
});

describe('our SGD without momentum serializes as PyTorch does', () => {
  it('writes momentum_buffer: null for every stepped parameter, in both forms', () => {
    const [p0, p1] = variables();
    const sgd = new SGD([p0, p1], { lr: 0.05 });
    expect(sgd.stateDict().state).toEqual({});
    step(sgd, p0, p1);
    expect(JSON.parse(JSON.stringify(sgd.stateDict().state))).toEqual(plain.state);
    expect(JSON.parse(JSON.stringify(sgd.stateDict({ asArrays: true }).state))).toEqual(plain.state);
    const again = new SGD([p0, p1], { lr: 0.05 });
    again.loadStateDict(JSON.parse(JSON.stringify(sgd.stateDict({ asArrays: true }))));
    expect(JSON.parse(JSON.stringify(again.stateDict().state))).toEqual(plain.state);
    sgd.dispose();
    again.dispose();
    tf.dispose([p0, p1]);
  });
});

describe('a null where PyTorch always keeps a tensor', () => {
  it('is refused, naming the entry and what was expected', () => {
    const [p0, p1] = variables();
    const adam = new Adam([p0, p1], { lr: 0.01 });
    const load = () =>
      adam.loadStateDict({
        state: { 0: { step: 3, exp_avg: null, exp_avg_sq: [0, 0, 0, 0, 0, 0] } },
        param_groups: [{ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0, 1] }],
      } as never);
    expect(load).toThrow(OptimizerError);
    expect(load).toThrow(/state\[0\]\.exp_avg is null.*Adam.*tensor of shape \[2, 3\]/);
    adam.dispose();
    tf.dispose([p0, p1]);
  });
});
