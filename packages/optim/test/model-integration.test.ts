// The manual's OptimWrapper examples on real @eng/model modules.
import { captureLog } from '@eng/logging/test';
import { BaseModule, BatchNorm1d, Conv2d, Linear, ModuleDict, Sequential } from '@eng/model';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { buildOptimWrapper } from '../src';
import { effective } from './helpers';

class ToyModel extends BaseModule {
  backbone = new ModuleDict({
    layer0: new Linear({ in_features: 1, out_features: 1 }),
    layer1: new Linear({ in_features: 1, out_features: 1 }),
  });
  head = new Sequential(
    new Map<string, BaseModule>([
      ['linear', new Linear({ in_features: 1, out_features: 1 })],
      ['bn', new BatchNorm1d({ num_features: 1 })],
    ]),
  );
}

const summary = (model: BaseModule, groups: Parameters<typeof effective>[1]) =>
  Object.fromEntries(Object.entries(effective(model, groups)).map(([n, g]) => [n, [g.lr, g.weight_decay]]));

describe('paramwise_cfg on @eng/model modules', () => {
  it('the parameter names are those of the manual', () => {
    expect([...new ToyModel().namedParameters()].map(([n]) => n)).toEqual([
      'backbone.layer0.weight',
      'backbone.layer0.bias',
      'backbone.layer1.weight',
      'backbone.layer1.bias',
      'head.linear.weight',
      'head.linear.bias',
      'head.bn.weight',
      'head.bn.bias',
    ]);
  });

  it('norm_decay_mult=0 (manual 12.2.1)', () => {
    const log = captureLog();
    const model = new ToyModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: { norm_decay_mult: 0 },
    });
    expect(summary(model, wrapper.optimizer.paramGroups)).toEqual({
      'backbone.layer0.weight': [0.01, 0.0001],
      'backbone.layer0.bias': [0.01, 0.0001],
      'backbone.layer1.weight': [0.01, 0.0001],
      'backbone.layer1.bias': [0.01, 0.0001],
      'head.linear.weight': [0.01, 0.0001],
      'head.linear.bias': [0.01, 0.0001],
      'head.bn.weight': [0.01, 0],
      'head.bn.bias': [0.01, 0],
    });
    expect(log.filter((l) => l.includes('paramwise_options -- head.bn'))).toHaveLength(2);
  });

  it('custom_keys (manual 12.2.2)', () => {
    const model = new ToyModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: {
        custom_keys: {
          'backbone.layer0': { lr_mult: 0, decay_mult: 0 },
          backbone: { lr_mult: 1 },
          head: { lr_mult: 0.1 },
        },
      },
    });
    const s = summary(model, wrapper.optimizer.paramGroups);
    expect(s['backbone.layer0.weight']).toEqual([0, 0]);
    expect(s['backbone.layer1.bias']).toEqual([0.01, 0.0001]);
    expect(s['head.bn.bias']).toEqual([0.001, 0.0001]);
  });

  it('dwconv_decay_mult applies to depthwise convolutions only', () => {
    class Net extends BaseModule {
      dw = new Conv2d({ in_channels: 4, out_channels: 4, kernel_size: 3, groups: 4, bias: false });
      pw = new Conv2d({ in_channels: 4, out_channels: 8, kernel_size: 1, bias: false });
    }
    const model = new Net();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.1, weight_decay: 0.01 },
      paramwise_cfg: { dwconv_decay_mult: 0 },
    });
    expect(summary(model, wrapper.optimizer.paramGroups)).toEqual({ 'dw.weight': [0.1, 0], 'pw.weight': [0.1, 0.01] });
  });

  it('trains the model through updateParams and warns about BatchNorm with accumulation', () => {
    const log = captureLog();
    const model = new ToyModel();
    const wrapper = buildOptimWrapper(model, { optimizer: { type: 'SGD', lr: 0.1 }, accumulative_counts: 2 });
    wrapper.initializeCountStatus(model, 0, 10);
    expect(log.some((l) => l.includes('Gradient accumulative may slightly decrease performance'))).toBe(true);
    const linear = model.backbone.get('layer0') as Linear;
    const before = Array.from(linear.weight.dataSync());
    const x = tf.ones([4, 1]);
    for (let i = 0; i < 2; i++)
      wrapper.updateParams(() => tf.mean(tf.square(linear.forward(x))) as tf.Scalar).dispose();
    expect(Array.from(linear.weight.dataSync())).not.toEqual(before);
  });
});
