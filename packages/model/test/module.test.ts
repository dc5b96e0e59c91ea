import { MODELS, Registry } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  BaseModule,
  BatchNorm2d,
  buildModelFromCfg,
  Conv2d,
  LayersModelModule,
  Linear,
  ModuleDict,
  ModelError,
  ModuleList,
  ReLU,
  Sequential,
  StateDictError,
} from '../src';

class Block extends BaseModule {
  conv = new Conv2d({ in_channels: 2, out_channels: 3, kernel_size: 3, padding: 1 });
  bn = new BatchNorm2d({ num_features: 3 });
  override forward(x: tf.Tensor): tf.Tensor {
    return tf.relu(this.bn.forward(this.conv.forward(x)));
  }
}

class Net extends BaseModule {
  backbone = new Sequential(new Block(), new Block());
  head = new Linear({ in_features: 3, out_features: 2 });
  constructor() {
    super();
    // replace the second block's conv so its in_channels match the first block's output
    (this.backbone.get(1) as Block).conv.dispose();
    (this.backbone.get(1) as Block).conv = new Conv2d({ in_channels: 3, out_channels: 3, kernel_size: 3, padding: 1 });
  }
  override forward(x: tf.Tensor): tf.Tensor {
    const f = this.backbone.forward(x) as tf.Tensor;
    return this.head.forward(tf.mean(f, [1, 2]));
  }
}

describe('module tree', () => {
  it('names parameters and buffers with dotted paths as PyTorch', () => {
    const net = new Net();
    const params = [...net.namedParameters()].map(([n]) => n);
    expect(params).toEqual([
      'backbone.0.conv.weight',
      'backbone.0.conv.bias',
      'backbone.0.bn.weight',
      'backbone.0.bn.bias',
      'backbone.1.conv.weight',
      'backbone.1.conv.bias',
      'backbone.1.bn.weight',
      'backbone.1.bn.bias',
      'head.weight',
      'head.bias',
    ]);
    expect([...net.namedBuffers()].map(([n]) => n)).toContain('backbone.1.bn.num_batches_tracked');
    expect([...net.namedModules()].map(([n]) => n)).toEqual([
      '',
      'backbone',
      'backbone.0',
      'backbone.0.conv',
      'backbone.0.bn',
      'backbone.1',
      'backbone.1.conv',
      'backbone.1.bn',
      'head',
    ]);
    expect(net.getSubmodule('backbone.1.bn')).toBeInstanceOf(BatchNorm2d);
    expect(() => net.getSubmodule('backbone.1.bm')).toThrow(/\(looking up "backbone\.1\.bm"\)\. Did you mean "bn"\?/);
    try {
      net.getSubmodule('backbone.1.bm');
    } catch (e) {
      expect(ModelError.isInstance(e) && e.code).toBe('NO_SUBMODULE');
      expect((e as Error).name).toBe('ModelError');
    }
    net.dispose();
  });

  it('train() / eval() reach every module', () => {
    const net = new Net();
    net.eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    net.train();
    expect((net.getSubmodule('backbone.0.bn') as BatchNorm2d).training).toBe(true);
    net.dispose();
  });

  it('exposes layer kinds for paramwise_cfg', () => {
    expect(new BatchNorm2d({ num_features: 2 }).isNorm).toBe(true);
    expect(new Conv2d({ in_channels: 4, out_channels: 4, kernel_size: 3, groups: 4 }).isDepthwiseConv).toBe(true);
    expect(new Conv2d({ in_channels: 4, out_channels: 4, kernel_size: 3 }).isDepthwiseConv).toBe(false);
  });
});

describe('state dict', () => {
  it('round trips between two models', () => {
    const a = new Net();
    const b = new Net();
    const sa = a.stateDict();
    expect(Object.keys(sa)).toContain('backbone.0.bn.running_mean');
    const report = b.loadStateDict(sa);
    expect(report).toEqual({ missingKeys: [], unexpectedKeys: [], mismatchedKeys: [] });
    const sb = b.stateDict();
    for (const k of Object.keys(sa))
      expect(Array.from(sb[k]?.dataSync() ?? [])).toEqual(Array.from(sa[k]?.dataSync() ?? []));
    // the two models stay independent after loading
    (a.getSubmodule('head') as Linear).weight.assign(tf.zerosLike((a.getSubmodule('head') as Linear).weight));
    expect(tf.sum(tf.abs((b.getSubmodule('head') as Linear).weight)).dataSync()[0]).toBeGreaterThan(0);
    a.dispose();
    b.dispose();
  });

  it('clone: true gives tensors the caller owns', () => {
    const a = new Linear({ in_features: 2, out_features: 2 });
    const copy = a.stateDict({ clone: true });
    a.dispose();
    expect(copy.weight?.isDisposed).toBe(false);
    tf.dispose(Object.values(copy));
  });

  it('strict loading reports missing and unexpected keys, non-strict returns them', () => {
    const net = new Linear({ in_features: 2, out_features: 2 });
    const state = { weight: tf.ones([2, 2]), extra: tf.ones([1]) };
    let err: unknown;
    try {
      net.loadStateDict(state);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ name: 'StateDictError', code: 'STATE_DICT_MISMATCH' });
    expect((err as StateDictError).missingKeys).toEqual(['bias']);
    expect((err as StateDictError).unexpectedKeys).toEqual(['extra']);
    expect((err as Error).message).toMatch(/missing keys in state dict: bias/);
    // nothing was written by the failed load
    expect(Array.from(net.weight.dataSync())).not.toEqual([1, 1, 1, 1]);
    const report = net.loadStateDict(state, { strict: false });
    expect(report.missingKeys).toEqual(['bias']);
    expect(report.unexpectedKeys).toEqual(['extra']);
    expect(Array.from(net.weight.dataSync())).toEqual([1, 1, 1, 1]);
    tf.dispose(Object.values(state));
    net.dispose();
  });

  it('a shape mismatch names the key and both shapes', () => {
    const net = new Linear({ in_features: 2, out_features: 3 });
    const bad = { weight: tf.ones([2, 2]), bias: tf.ones([3]) };
    expect(() => net.loadStateDict(bad, { strict: false })).toThrow(
      /size mismatch for "weight": the checkpoint has shape \[2, 2\], the model expects \[3, 2\]/,
    );
    const report = net.loadStateDict(bad, { strict: false, ignoreShapeMismatch: true });
    expect(report.mismatchedKeys).toEqual([{ key: 'weight', expected: [3, 2], got: [2, 2] }]);
    tf.dispose(Object.values(bad));
    net.dispose();
  });

  it('loading a model into itself keeps its values', () => {
    const net = new Linear({ in_features: 2, out_features: 2 });
    const before = Array.from(net.weight.dataSync());
    net.loadStateDict(net.stateDict());
    expect(Array.from(net.weight.dataSync())).toEqual(before);
    net.dispose();
  });
});

describe('dispose and copies', () => {
  it('dispose releases every tensor the module created', () => {
    const before = tf.memory().numTensors;
    const net = new Net();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('deepCopy makes independent variables with equal values', () => {
    const net = new Net();
    const copy = net.deepCopy();
    expect(copy).toBeInstanceOf(Net);
    const [[, p0]] = [...net.namedParameters()] as [[string, tf.Variable]];
    const [[, c0]] = [...copy.namedParameters()] as [[string, tf.Variable]];
    expect(c0).not.toBe(p0);
    expect(Array.from(c0.dataSync())).toEqual(Array.from(p0.dataSync()));
    p0.assign(tf.zerosLike(p0));
    expect(tf.sum(tf.abs(c0)).dataSync()[0]).toBeGreaterThan(0);
    net.dispose();
    expect(c0.isDisposed).toBe(false);
    copy.dispose();
  });
});

describe('containers and build', () => {
  it('ModuleList and ModuleDict register their entries', () => {
    const list = new ModuleList([new ReLU(), new Linear({ in_features: 1, out_features: 1 })]);
    expect(list.length).toBe(2);
    list.append(new Linear({ in_features: 1, out_features: 2 }));
    expect([...list.namedParameters()].map(([n]) => n)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias']);
    const dict = new ModuleDict({ a: new Linear({ in_features: 1, out_features: 1 }) });
    expect([...dict.namedParameters()].map(([n]) => n)).toEqual(['a.weight', 'a.bias']);
    expect(dict.keys()).toEqual(['a']);
    list.dispose();
    dict.dispose();
  });

  it('buildModelFromCfg builds a Sequential from a list of configs with PyTorch option names', () => {
    const net = buildModelFromCfg<Sequential>([
      { type: 'Linear', in_features: 4, out_features: 8, bias: true },
      { type: 'ReLU' },
      { type: 'Linear', in_features: 8, out_features: 2, bias: false },
    ]);
    expect(net).toBeInstanceOf(Sequential);
    expect([...net.namedParameters()].map(([n, p]) => `${n}:${p.shape}`)).toEqual([
      '0.weight:8,4',
      '0.bias:8',
      '2.weight:2,8',
    ]);
    const y = net.forward(tf.ones([3, 4])) as tf.Tensor;
    expect(y.shape).toEqual([3, 2]);
    y.dispose();
    net.dispose();
  });

  it('MODELS.build with a list gives a Sequential, in MODELS and in a child registry (MMEngine build_model_from_cfg)', () => {
    expect(MODELS.buildFunc).toBe(buildModelFromCfg);
    const cfgs = [{ type: 'Linear', in_features: 2, out_features: 3 }, { type: 'ReLU' }];
    const net = MODELS.build<Sequential>(cfgs as never);
    expect(net).toBeInstanceOf(Sequential);
    expect([...net.namedChildren()].map(([n, m]) => `${n}:${m.constructor.name}`)).toEqual(['0:Linear', '1:ReLU']);
    // a single config still builds the module itself
    expect(MODELS.build({ type: 'ReLU' })).toBeInstanceOf(ReLU);
    // a downstream registry inherits the build function and finds its own layers and MODELS' ones
    const child = new Registry('model', { parent: MODELS, scope: 'eng-model-test' });
    class Twice extends BaseModule {
      override forward(x: tf.Tensor): tf.Tensor {
        return tf.mul(x, 2);
      }
    }
    child.registerModule({ module: Twice });
    const chained = child.build<Sequential>([
      { type: 'Twice' },
      { type: 'Linear', in_features: 2, out_features: 1 },
    ] as never);
    expect([...chained.namedChildren()].map(([, m]) => m.constructor.name)).toEqual(['Twice', 'Linear']);
    // defaultArgs reach every entry of the list, as in MMEngine
    const withDefaults = MODELS.build<Sequential>([{ type: 'Linear' }, { type: 'Linear' }] as never, {
      in_features: 5,
      out_features: 5,
    });
    expect([...withDefaults.namedParameters()].map(([n, p]) => `${n}:${p.shape}`)).toEqual([
      '0.weight:5,5',
      '0.bias:5',
      '1.weight:5,5',
      '1.bias:5',
    ]);
    for (const m of [net, chained, withDefaults]) m.dispose();
  });
});

describe('LayersModelModule', () => {
  it('exposes a tf.LayersModel as named parameters and trains through them', () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 3, inputShape: [2], name: 'fc1' }), tf.layers.dense({ units: 1, name: 'fc2' })],
    });
    const m = new LayersModelModule(model);
    expect([...m.namedParameters()].map(([n]) => n)).toEqual(['fc1.kernel', 'fc1.bias', 'fc2.kernel', 'fc2.bias']);
    const x = tf.tensor2d([[1, 2]]);
    const vars = [...m.parameters()];
    const { value, grads } = tf.variableGrads(() => tf.sum(m.forward(x) as tf.Tensor) as tf.Scalar, vars);
    expect(Object.keys(grads)).toHaveLength(4);
    tf.dispose([value, x, ...Object.values(grads)]);
    const state = m.stateDict();
    expect(state['fc1.kernel']?.shape).toEqual([2, 3]);
    const copy = m.deepCopy();
    expect([...copy.namedParameters()].map(([n]) => n)).toEqual(['fc1.kernel', 'fc1.bias', 'fc2.kernel', 'fc2.bias']);
    copy.dispose();
    m.dispose();
  });
});

describe('containers with init_cfg', () => {
  it('a ModuleList init_cfg initialises its entries; a second initWeights changes nothing', async () => {
    const list = new ModuleList({
      modules: [new Linear({ in_features: 2, out_features: 2 }), new Linear({ in_features: 2, out_features: 2 })],
      init_cfg: { type: 'Constant', val: 0.5, bias: 0, layer: 'Linear' },
    });
    await list.initWeights();
    for (const m of list) expect(Array.from(m.getParameter('weight')?.dataSync() ?? [])).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(list.isInit).toBe(true);
    (list.get(0).getParameter('weight') as tf.Variable).assign(tf.zeros([2, 2]));
    await list.initWeights(); // warns and leaves the weights alone, as MMEngine
    expect(Array.from(list.get(0).getParameter('weight')?.dataSync() ?? [])).toEqual([0, 0, 0, 0]);
    list.dispose();
  });

  it('Sequential accepts named modules and configs', () => {
    const seq = new Sequential(new Map([['fc', new Linear({ in_features: 1, out_features: 1 })]]));
    expect([...seq.namedParameters()].map(([n]) => n)).toEqual(['fc.weight', 'fc.bias']);
    const fromCfg = new Sequential({ modules: [{ type: 'ReLU' }, { type: 'Flatten' }], init_cfg: null });
    expect(fromCfg.length).toBe(2);
    seq.dispose();
  });
});

describe('Sequential arguments', () => {
  it('a trailing module config with its own init_cfg is a module, not the options', () => {
    const seq = new Sequential(
      { type: 'ReLU' },
      { type: 'Linear', in_features: 1, out_features: 1, init_cfg: { type: 'Constant', val: 1 } },
    );
    expect(seq.length).toBe(2);
    expect(seq.initCfg).toBeUndefined();
    seq.dispose();
  });
});

describe('init_cfg on a wrapped tf.LayersModel', () => {
  it('matches Keras class names and fills kernel/bias', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 64, inputShape: [128], name: 'fc_a' }),
        tf.layers.dense({ units: 2, name: 'fc_b' }),
      ],
    });
    const m = new LayersModelModule(model, {
      init_cfg: [
        { type: 'Constant', val: 0.25, bias: 1, layer: 'Dense' },
        { type: 'Kaiming', mode: 'fan_in', layer: 'Dense', override: { name: 'fc_b', type: 'Constant', val: 2 } },
      ],
    });
    await m.initWeights();
    const state = m.stateDict();
    const a = Array.from(state['fc_a.kernel']?.dataSync() ?? []);
    const std = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(std / (Math.SQRT2 / Math.sqrt(128))).toBeCloseTo(1, 1); // kernel [in, out]: fan_in = 128
    expect(new Set(state['fc_b.kernel']?.dataSync())).toEqual(new Set([2]));
    expect(new Set(state['fc_a.bias']?.dataSync())).toEqual(new Set([0])); // Kaiming's bias=0 after Constant's 1
    m.dispose();
  });
});

describe('utils', () => {
  it('detectAnomalousParams names parameters outside the loss graph', async () => {
    const { detectAnomalousParams, mergeDict } = await import('../src');
    class Two extends BaseModule {
      used = new Linear({ in_features: 1, out_features: 1 });
      unused = new Linear({ in_features: 1, out_features: 1 });
    }
    const m = new Two();
    const x = tf.ones([1, 1]);
    expect(detectAnomalousParams(() => tf.sum(m.used.forward(x)) as tf.Scalar, m)).toEqual([
      'unused.weight',
      'unused.bias',
    ]);
    expect(mergeDict({ a: 1, b: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
    x.dispose();
    m.dispose();
  });
});
