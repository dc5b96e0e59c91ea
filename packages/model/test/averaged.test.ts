import { MODELS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  BaseModule,
  BatchNorm1d,
  ExponentialMovingAverage,
  Linear,
  MomentumAnnealingEMA,
  StochasticWeightAverage,
} from '../src';

class Net extends BaseModule {
  fc = new Linear({ in_features: 1, out_features: 1, bias: false });
  bn = new BatchNorm1d({ num_features: 1 });
  override forward(x: tf.Tensor): tf.Tensor {
    return this.fc.forward(x);
  }
}

function setW(net: Net, v: number): void {
  net.fc.weight.assign(tf.tensor2d([[v]]));
}
const w = (m: BaseModule, name = 'fc.weight'): number =>
  ([...m.namedParameters()].find(([n]) => n.endsWith(name))?.[1].dataSync()[0] as number) ?? NaN;
const buf = (m: BaseModule, name: string): number =>
  [...m.namedBuffers()].find(([n]) => n.endsWith(name))?.[1].dataSync()[0] as number;

describe('averaged models', () => {
  it('EMA copies on the first update, then moves by momentum toward the source', () => {
    const net = new Net();
    setW(net, 1);
    const ema = new ExponentialMovingAverage({ model: net, momentum: 0.1 });
    expect([...ema.namedParameters()].map(([n]) => n)).toEqual([
      'module.fc.weight',
      'module.bn.weight',
      'module.bn.bias',
    ]);
    expect([...ema.parameters()].every((p) => !p.trainable)).toBe(true);
    expect(Object.keys(ema.stateDict())).toContain('steps');
    ema.updateParameters(net);
    expect(w(ema.module)).toBeCloseTo(1);
    setW(net, 11);
    ema.updateParameters(net);
    expect(w(ema.module)).toBeCloseTo(1 + 0.1 * 10);
    expect(ema.steps).toBe(2);
    // the averaged copy is independent of the source
    expect(w(net)).toBe(11);
    const y = ema.forward(tf.ones([1, 1])) as tf.Tensor;
    expect(y.dataSync()[0]).toBeCloseTo(2);
    y.dispose();
    ema.dispose();
    net.dispose();
  });

  it('interval skips updates between multiples', () => {
    const net = new Net();
    setW(net, 0);
    const ema = MODELS.build<ExponentialMovingAverage>(
      { type: 'ExponentialMovingAverage', momentum: 0.5, interval: 2 },
      { model: net },
    );
    ema.updateParameters(net); // step 0: copy
    setW(net, 4);
    ema.updateParameters(net); // step 1: skipped
    expect(w(ema.module)).toBe(0);
    ema.updateParameters(net); // step 2: averaged
    expect(w(ema.module)).toBeCloseTo(2);
    ema.dispose();
    net.dispose();
  });

  it('buffers are copied, or averaged with update_buffers', () => {
    const net = new Net();
    const plain = new ExponentialMovingAverage({ model: net, momentum: 0.5 });
    const withBuffers = new ExponentialMovingAverage({ model: net, momentum: 0.5, update_buffers: true });
    plain.updateParameters(net);
    withBuffers.updateParameters(net);
    net.bn.setBuffer('running_mean', tf.tensor1d([4]));
    plain.updateParameters(net);
    withBuffers.updateParameters(net);
    expect(buf(plain.module, 'running_mean')).toBe(4);
    expect(buf(withBuffers.module, 'running_mean')).toBeCloseTo(2);
    plain.dispose();
    withBuffers.dispose();
    net.dispose();
  });

  it('MomentumAnnealingEMA uses max(momentum, gamma / (gamma + steps))', () => {
    const net = new Net();
    setW(net, 0);
    const ema = new MomentumAnnealingEMA({ model: net, momentum: 0.01, gamma: 1 });
    ema.updateParameters(net);
    setW(net, 10);
    ema.updateParameters(net); // steps=1 → momentum 1/2
    expect(w(ema.module)).toBeCloseTo(5);
    ema.updateParameters(net); // steps=2 → momentum 1/3
    expect(w(ema.module)).toBeCloseTo(5 + (10 - 5) / 3);
    ema.dispose();
    net.dispose();
  });

  it('StochasticWeightAverage is the running mean of the weights', () => {
    const net = new Net();
    const swa = new StochasticWeightAverage({ model: net });
    for (const v of [1, 2, 6]) {
      setW(net, v);
      swa.updateParameters(net);
    }
    expect(w(swa.module)).toBeCloseTo(3);
    swa.dispose();
    net.dispose();
  });

  it('rejects a momentum outside (0, 1)', () => {
    const net = new Net();
    expect(() => new ExponentialMovingAverage({ model: net, momentum: 1 })).toThrow(/range \(0.0, 1.0\)/);
    net.dispose();
  });
});
