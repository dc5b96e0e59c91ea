import { MessageHub } from '@eng/logging';
import { captureLog } from '@eng/logging/test';
import { OPTIM_WRAPPERS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it, vi } from 'vitest';
import { Adam } from '../src/optimizer/adam';
import { SGD } from '../src/optimizer/sgd';
import { AmpOptimWrapper } from '../src/optim-wrapper/amp';
import { OptimWrapper } from '../src/optim-wrapper/optim-wrapper';
import { OptimWrapperDict } from '../src/optim-wrapper/optim-wrapper-dict';
import '../src/register';

/** nn.Linear(1, 1) as two variables, initialised like the manual's examples would be after a seed. */
function linear(w = 0.3, b = -0.2) {
  const weight = tf.variable(tf.tensor2d([[w]]));
  const bias = tf.variable(tf.tensor1d([b]));
  const forward = (x: tf.Tensor) => tf.add(tf.matMul(x, weight, false, true), bias);
  return { weight, bias, forward, params: [weight, bias] };
}

const l1 = (out: tf.Tensor, target: tf.Tensor) => tf.mean(tf.abs(tf.sub(out, target))) as tf.Scalar;
const value = (t: tf.Tensor) => Array.from(t.dataSync());

describe('OptimWrapper: single-precision training (manual 12.1.1)', () => {
  it('updateParams computes gradients, steps and zeroes like loss.backward(); step(); zero_grad()', () => {
    const model = linear();
    const wrapper = new OptimWrapper({ optimizer: new SGD(model.params, { lr: 0.01 }) });
    const input = tf.zeros([10, 1]);
    const target = tf.ones([10, 1]);
    for (let i = 0; i < 10; i++) wrapper.updateParams(() => l1(model.forward(input), target)).dispose();
    // input 0: only the bias moves, by lr * 1 per step towards the target
    expect(value(model.bias)[0]).toBeCloseTo(-0.2 + 0.1, 6);
    expect(value(model.weight)[0]).toBeCloseTo(0.3, 7);
    expect(wrapper.optimizer.grads.size).toBe(0);
    expect(wrapper.innerCount).toBe(10);
  });

  it('returns the unscaled loss, which the caller owns', () => {
    const model = linear();
    const wrapper = new OptimWrapper({ optimizer: new SGD(model.params, { lr: 0.01 }), accumulative_counts: 4 });
    const loss = wrapper.updateParams(() => l1(model.forward(tf.zeros([2, 1])), tf.ones([2, 1])));
    expect(value(loss)[0]).toBeCloseTo(1.2, 6);
    loss.dispose();
  });

  it('keeps the tensor count flat over many updates', () => {
    const model = linear();
    const wrapper = new OptimWrapper({
      optimizer: new Adam(model.params, { lr: 0.01 }),
      accumulative_counts: 2,
      clip_grad: { max_norm: 0.5 },
    });
    const x = tf.ones([4, 1]);
    const y = tf.zeros([4, 1]);
    const step = () => tf.dispose(wrapper.updateParams(() => l1(model.forward(x), y)));
    step();
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('OptimWrapper inside tensor scopes', () => {
  it("survives a runner's per-iteration tf.tidy: state and accumulated gradients are kept", () => {
    const model = linear();
    const wrapper = new OptimWrapper({ optimizer: new Adam(model.params, { lr: 0.01 }), accumulative_counts: 2 });
    const x = tf.ones([4, 1]);
    const y = tf.zeros([4, 1]);
    const iteration = () => tf.tidy(() => wrapper.updateParams(() => l1(model.forward(x), y)).dataSync()[0] as number);
    iteration();
    iteration();
    const before = tf.memory().numTensors;
    const losses = Array.from({ length: 6 }, iteration);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.at(-1)).toBeLessThan(losses[0] as number);
  });
});

describe('OptimWrapper: gradient accumulation', () => {
  function trajectory(counts: number, iters: number, init?: [number, number]) {
    const model = linear(0.5, 0.1);
    const wrapper = new OptimWrapper({ optimizer: new SGD(model.params, { lr: 0.1 }), accumulative_counts: counts });
    if (init) wrapper.initializeCountStatus(undefined, init[0], init[1]);
    const xs = [1, 2, 3, 4, 5, 6, 7].map((v) => tf.tensor2d([[v]]));
    const updates: number[] = [];
    for (let i = 0; i < iters; i++) {
      const x = xs[i % xs.length] as tf.Tensor;
      const spy = vi.spyOn(wrapper.optimizer, 'step');
      wrapper.updateParams(() => tf.sum(tf.square(model.forward(x))) as tf.Scalar).dispose();
      updates.push(spy.mock.calls.length);
      spy.mockRestore();
    }
    return { model, updates, wrapper };
  }

  it('updates once every accumulative_counts calls with the mean gradient', () => {
    const { model, updates } = trajectory(3, 3);
    expect(updates).toEqual([0, 0, 1]);
    // d/dw (w x + b)^2 = 2 (w x + b) x, averaged over x = 1, 2, 3
    const g = [1, 2, 3].map((x) => 2 * (0.5 * x + 0.1) * x).reduce((a, b) => a + b) / 3;
    const gb = [1, 2, 3].map((x) => 2 * (0.5 * x + 0.1)).reduce((a, b) => a + b) / 3;
    expect(value(model.weight)[0]).toBeCloseTo(0.5 - 0.1 * g, 5);
    expect(value(model.bias)[0]).toBeCloseTo(0.1 - 0.1 * gb, 5);
  });

  it('without initializeCountStatus, a trailing incomplete group never updates', () => {
    expect(trajectory(3, 4).updates).toEqual([0, 0, 1, 0]);
  });

  it('the last incomplete group of a run updates, with the loss divided by its real size', () => {
    // max 100, start at 96: calls 97, 98, 99 form a group; call 100 is a group of one (remainder 1)
    const { updates, model } = trajectory(3, 4, [96, 100]);
    expect(updates).toEqual([0, 0, 1, 1]);
    const after99 = (x: number, w: number, b: number) => 2 * (w * x + b) * x;
    const w99 = 0.5 - (0.1 * [1, 2, 3].map((x) => after99(x, 0.5, 0.1)).reduce((a, b) => a + b)) / 3;
    const b99 = 0.1 - (0.1 * [1, 2, 3].map((x) => 2 * (0.5 * x + 0.1)).reduce((a, b) => a + b)) / 3;
    const w100 = w99 - 0.1 * after99(4, w99, b99);
    expect(value(model.weight)[0]).toBeCloseTo(w100, 4);
  });

  it('shouldUpdate / shouldSync follow the counters; scaleLoss divides', () => {
    const model = linear();
    const wrapper = new OptimWrapper({ optimizer: new SGD(model.params, { lr: 0.1 }), accumulative_counts: 3 });
    wrapper.initializeCountStatus(undefined, 0, 100);
    expect(wrapper.shouldSync()).toBe(false);
    expect(wrapper.shouldUpdate()).toBe(true); // 0 % 3
    wrapper.initializeCountStatus(undefined, 98, 100);
    expect(wrapper.shouldSync()).toBe(true); // 99 % 3 === 0
    wrapper.initializeCountStatus(undefined, 99, 100);
    expect(value(wrapper.scaleLoss(tf.scalar(3)))[0]).toBeCloseTo(3, 6); // remainder group of 1
    wrapper.initializeCountStatus(undefined, 0, 100);
    expect(value(wrapper.scaleLoss(tf.scalar(3)))[0]).toBeCloseTo(1, 6);
  });

  it('warns when resuming inside an accumulation group', () => {
    const wrapper = new OptimWrapper({ optimizer: new SGD(linear().params, { lr: 0.1 }), accumulative_counts: 3 });
    const lines = captureLog();
    wrapper.initializeCountStatus(undefined, 2, 100);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      / - WARNING - Resumed iteration number is not divisible by `_accumulative_counts` .* the gradient of some iterations is lost/,
    );
    // resuming at the start of a group loses nothing and says nothing
    const quiet = captureLog();
    wrapper.initializeCountStatus(undefined, 3, 100);
    expect(quiet).toEqual([]);
    expect(
      () => new OptimWrapper({ optimizer: new SGD(linear().params, { lr: 0.1 }), accumulative_counts: 0 }),
    ).toThrow(/at least/);
  });
});

describe('OptimWrapper: gradient clipping', () => {
  function gradsAfterClip(clip: object) {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const b = tf.variable(tf.tensor1d([4]));
    const wrapper = new OptimWrapper({ optimizer: new SGD([w, b], { lr: 1 }), clip_grad: clip as never });
    // grads: d/dw sum(c*w) = c, d/db 2b*... -> [3, -4, 12] and [0]? keep it simple: linear terms
    wrapper
      .backward(() => tf.add(tf.sum(tf.mul(w, tf.tensor1d([3, -4, 0]))), tf.mul(b.sum(), 12)) as tf.Scalar)
      .dispose();
    const before = [value(w), value(b)];
    wrapper.step();
    return {
      delta: [
        before[0]?.map((v, i) => v - (value(w)[i] as number)),
        before[1]?.map((v, i) => v - (value(b)[i] as number)),
      ],
    };
  }

  it('clips by total 2-norm like clip_grad_norm_ and logs train/grad_norm', () => {
    const hub = MessageHub.getInstance('optim-clip-test');
    const { delta } = gradsAfterClip({ max_norm: 1 });
    // total norm sqrt(9 + 16 + 144) = 13; coef = 1 / (13 + 1e-6)
    const coef = 1 / (13 + 1e-6);
    expect(delta[0]?.[0]).toBeCloseTo(3 * coef, 5);
    expect(delta[1]?.[0]).toBeCloseTo(12 * coef, 5);
    expect(hub.getScalar('train/grad_norm').current()).toBeCloseTo(13, 4);
  });

  it('supports the infinity norm and leaves small gradients alone', () => {
    const { delta } = gradsAfterClip({ max_norm: 6, norm_type: 'inf' });
    expect(delta[1]?.[0]).toBeCloseTo(12 * (6 / (12 + 1e-6)), 4);
    const untouched = gradsAfterClip({ max_norm: 100 });
    expect(untouched.delta[1]?.[0]).toBeCloseTo(12, 5);
  });

  it('clips by value like clip_grad_value_', () => {
    const { delta } = gradsAfterClip({ type: 'value', clip_value: 3.5 });
    expect(delta[0]).toEqual([3, -3.5, 0].map((v) => expect.closeTo(v, 5)));
    expect(delta[1]?.[0]).toBeCloseTo(3.5, 5);
  });

  it('rejects a bad clip_grad', () => {
    const optimizer = new SGD(linear().params, { lr: 1 });
    expect(() => new OptimWrapper({ optimizer, clip_grad: { type: 'other' } as never })).toThrow(/"norm" or "value"/);
    expect(() => new OptimWrapper({ optimizer, clip_grad: {} as never })).toThrow(/clip_grad/);
    // the manual's `clip_grad=dict(clip_value=0.2)` lacks MMEngine's required type='value'
    expect(() => new OptimWrapper({ optimizer, clip_grad: { clip_value: 0.2 } as never })).toThrow(/type: "value"/);
  });
});

describe('OptimWrapper: learning rate, momentum and state dicts (manual 12.1.2-12.1.3)', () => {
  it('getLr / getMomentum of the first example', () => {
    const optimizer = new SGD(linear().params, { lr: 0.01 });
    const wrapper = new OptimWrapper(optimizer);
    expect(wrapper.optimizer).toBe(optimizer);
    expect(optimizer.paramGroups[0]?.lr).toBe(0.01);
    expect(optimizer.paramGroups[0]?.momentum).toBe(0);
    expect(wrapper.getLr()).toEqual({ lr: [0.01] });
    expect(wrapper.getMomentum()).toEqual({ momentum: [0] });
    expect(new OptimWrapper({ optimizer: new Adam(linear().params, { betas: [0.8, 0.9] }) }).getMomentum()).toEqual({
      momentum: [0.8],
    });
  });

  it('several groups add base_lr and a base settings group for the schedulers', () => {
    const m = linear();
    const wrapper = new OptimWrapper({
      optimizer: new SGD([{ params: [m.weight] }, { params: [m.bias], lr: 0.2 }], { lr: 0.1, momentum: 0.9 }),
    });
    expect(wrapper.getLr()).toEqual({ base_lr: [0.1], lr: [0.1, 0.2] });
    expect(wrapper.paramGroups).toHaveLength(3);
    expect(wrapper.stateDict().base_param_settings).toMatchObject({ lr: 0.1, momentum: 0.9 });
  });

  it("stateDict has PyTorch's shape and loads into a new wrapper", () => {
    const optimizer = new SGD(linear().params, { lr: 0.01 });
    const sd = new OptimWrapper({ optimizer }).stateDict();
    expect(sd).toEqual({
      state: {},
      param_groups: [
        { lr: 0.01, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, params: [0, 1] },
      ],
    });
    const fresh = new OptimWrapper({ optimizer: new SGD(linear().params, { lr: 0.5 }) });
    fresh.loadStateDict(sd);
    expect(fresh.getLr()).toEqual({ lr: [0.01] });
  });

  it('optimContext runs the callback and returns its result', async () => {
    const wrapper = new OptimWrapper({ optimizer: new SGD(linear().params, { lr: 0.01 }) });
    expect(wrapper.optimContext({}, () => 42)).toBe(42);
    await expect(wrapper.optimContext({}, async () => 'done')).resolves.toBe('done');
  });
});

describe('AmpOptimWrapper', () => {
  it('explains that TensorFlow.js trains in float32 and what to use instead', () => {
    const optimizer = new SGD(linear().params, { lr: 0.01 });
    expect(() => new AmpOptimWrapper({ optimizer })).toThrow(/float32 only.*OptimWrapper/s);
    expect(() => OPTIM_WRAPPERS.build({ type: 'AmpOptimWrapper' }, { optimizer })).toThrow(/float32 only/);
  });
});

describe('OptimWrapperDict (manual 12.1.4, GAN)', () => {
  it('reports the learning rates and momenta of every wrapper', () => {
    const gen = linear();
    const disc = linear();
    const optimDict = new OptimWrapperDict({
      gen: new OptimWrapper({ optimizer: new SGD(gen.params, { lr: 0.01 }) }),
      disc: new OptimWrapper({ optimizer: new SGD(disc.params, { lr: 0.01 }) }),
    });
    expect(optimDict.getLr()).toEqual({ 'gen.lr': [0.01], 'disc.lr': [0.01] });
    expect(optimDict.getMomentum()).toEqual({ 'gen.momentum': [0], 'disc.momentum': [0] });
    expect(optimDict.keys()).toEqual(['gen', 'disc']);
    expect(optimDict.has('gen')).toBe(true);
    expect(() => optimDict.get('enc')).toThrow(/Cannot find enc/);
    expect(() => optimDict.updateParams()).toThrow(/separately/);
  });

  it('trains a generator and a discriminator with their own wrappers and round-trips the state', () => {
    const gen = linear(0.5, 0);
    const disc = linear(1, 0);
    const optimDict = new OptimWrapperDict({
      gen: new OptimWrapper({ optimizer: new SGD(gen.params, { lr: 0.1, momentum: 0.9 }) }),
      disc: new OptimWrapper({ optimizer: new Adam(disc.params, { lr: 0.1 }) }),
    });
    const noise = tf.randomNormal([8, 1], 0, 1, 'float32', 1);
    const real = tf.fill([8, 1], 2);
    for (let i = 0; i < 3; i++) {
      const fake = gen.forward(noise);
      const dLoss = optimDict
        .get('disc')
        .updateParams(() => tf.sub(tf.mean(disc.forward(fake)), tf.mean(disc.forward(real))) as tf.Scalar, {
          variables: disc.params,
        });
      const gLoss = optimDict
        .get('gen')
        .updateParams(() => tf.neg(tf.mean(disc.forward(gen.forward(noise)))) as tf.Scalar, {
          variables: gen.params,
        });
      tf.dispose([fake, dLoss, gLoss]);
    }
    expect(value(gen.weight)[0]).not.toBe(0.5);
    expect(value(disc.weight)[0]).not.toBe(1);
    const state = optimDict.stateDict();
    expect(Object.keys(state)).toEqual(['gen', 'disc']);
    expect(Object.keys(state.disc?.state[0] ?? {})).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    optimDict.loadStateDict(state);
    expect(() => optimDict.loadStateDict({ other: state.gen as never })).toThrow(/cannot found other/);
  });
});
