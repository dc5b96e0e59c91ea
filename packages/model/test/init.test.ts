import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEIGHT_INITIALIZERS } from '@eng/registry';
import { setRandomSeed, tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  BaseModule,
  BatchNorm2d,
  Conv2d,
  Embedding,
  GroupNorm,
  LayerNorm,
  constantInit,
  initialize,
  kaimingInit,
  Linear,
  normalInit,
  truncNormalInit,
  uniformInit,
  xavierInit,
  caffe2XavierInit,
  erfinv,
} from '../src';
import { stats } from './tensor-stats';

class ToyNet extends BaseModule {
  conv1 = new Conv2d({ in_channels: 1, out_channels: 1, kernel_size: 1 });
  conv2 = new Conv2d({ in_channels: 1, out_channels: 1, kernel_size: 1 });
}

describe('initializer statistics match their definitions', () => {
  // a 64×256 weight: 16k draws keep sample moments within a few percent
  const big = () => new Linear({ in_features: 256, out_features: 64 });

  it('Constant fills weight and bias', () => {
    const m = big();
    constantInit(m, 0.5, 2);
    expect(stats(m.weight)).toMatchObject({ min: 0.5, max: 0.5 });
    expect(stats(m.bias as tf.Tensor)).toMatchObject({ min: 2, max: 2 });
    m.dispose();
  });

  it('Normal has the requested mean and std', () => {
    const m = big();
    normalInit(m, 1, 0.5, 0.25);
    const s = stats(m.weight);
    expect(s.mean).toBeCloseTo(1, 1);
    expect(s.std).toBeCloseTo(0.5, 1);
    expect(stats(m.bias as tf.Tensor).mean).toBeCloseTo(0.25, 6);
    m.dispose();
  });

  it('Uniform stays in [a, b] with the uniform std', () => {
    const m = big();
    uniformInit(m, -2, 3);
    const s = stats(m.weight);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThanOrEqual(3);
    expect(s.mean).toBeCloseTo(0.5, 1);
    expect(s.std).toBeCloseTo(5 / Math.sqrt(12), 1);
    m.dispose();
  });

  it('TruncNormal stays in [a, b] with the truncated std', () => {
    const m = big();
    truncNormalInit(m, 0, 1, -1, 1);
    const s = stats(m.weight);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThanOrEqual(1);
    // std of N(0,1) truncated to [-1, 1] is 0.5379
    expect(s.std).toBeCloseTo(0.5379, 1);
    expect(Math.abs(s.mean)).toBeLessThan(0.03);
    m.dispose();
  });

  it('Xavier normal/uniform use gain·sqrt(2/(fan_in+fan_out))', () => {
    const m = big();
    const std = Math.sqrt(2 / (256 + 64));
    xavierInit(m, 1, 0, 'normal');
    expect(stats(m.weight).std / std).toBeCloseTo(1, 1);
    xavierInit(m, 2, 0, 'uniform');
    const s = stats(m.weight);
    expect(s.max).toBeLessThanOrEqual(2 * Math.sqrt(3) * std + 1e-6);
    expect(s.std / (2 * std)).toBeCloseTo(1, 1);
    m.dispose();
  });

  it('Kaiming uses gain/sqrt(fan) with fan_out by default', () => {
    const conv = new Conv2d({ in_channels: 16, out_channels: 32, kernel_size: 3 });
    kaimingInit(conv); // fan_out = 32·9, relu gain √2
    expect(stats(conv.weight).std / (Math.SQRT2 / Math.sqrt(32 * 9))).toBeCloseTo(1, 1);
    kaimingInit(conv, 0, 'fan_in', 'relu', 0, 'uniform');
    const bound = Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(16 * 9));
    const s = stats(conv.weight);
    expect(s.max).toBeLessThanOrEqual(bound + 1e-6);
    expect(s.min).toBeGreaterThanOrEqual(-bound - 1e-6);
    expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
    conv.dispose();
  });

  it('Caffe2Xavier is kaiming uniform with a=1, fan_in: bound sqrt(3/fan_in)', () => {
    const m = big();
    caffe2XavierInit(m);
    const s = stats(m.weight);
    expect(s.max).toBeLessThanOrEqual(Math.sqrt(3 / 256) + 1e-6);
    expect(s.std / Math.sqrt(1 / 256)).toBeCloseTo(1, 1);
    m.dispose();
  });

  it('PyTorch default init: Linear weight and bias in ±1/sqrt(fan_in)', () => {
    const m = big();
    const bound = 1 / Math.sqrt(256);
    const w = stats(m.weight);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
    const b = stats(m.bias as tf.Tensor);
    expect(b.max).toBeLessThanOrEqual(bound);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max - b.min).toBeGreaterThan(bound); // spread over the range, not a constant
    m.dispose();
  });

  it('PyTorch default init: norms start at weight 1, bias 0, running stats 0/1; Embedding draws N(0, 1)', () => {
    const bn = new BatchNorm2d({ num_features: 3 });
    const sd = bn.stateDict();
    for (const [key, value] of [
      ['weight', 1],
      ['bias', 0],
      ['running_mean', 0],
      ['running_var', 1],
      ['num_batches_tracked', 0],
    ] as const) {
      expect(stats(sd[key] as tf.Tensor), key).toMatchObject({ min: value, max: value });
    }
    const ln = new LayerNorm({ normalized_shape: [4] });
    const gn = new GroupNorm({ num_groups: 2, num_channels: 4 });
    for (const m of [ln, gn]) {
      expect(stats(m.weight as tf.Tensor)).toMatchObject({ min: 1, max: 1 });
      expect(stats(m.bias as tf.Tensor)).toMatchObject({ min: 0, max: 0 });
    }
    const emb = new Embedding({ num_embeddings: 128, embedding_dim: 64 });
    const e = stats(emb.weight);
    expect(Math.abs(e.mean)).toBeLessThan(0.05);
    expect(e.std).toBeCloseTo(1, 1);
    for (const m of [bn, ln, gn, emb]) m.dispose();
  });

  it('bias_prob sets the bias from a prior probability', async () => {
    const m = new Linear({ in_features: 4, out_features: 2 });
    await initialize(m, { type: 'Constant', val: 0, bias_prob: 0.01, layer: 'Linear' });
    expect(stats(m.bias as tf.Tensor).mean).toBeCloseTo(-Math.log(99), 5);
    m.dispose();
  });

  it('erfinv inverts erf', () => {
    expect(erfinv(0)).toBe(0);
    expect(erfinv(0.5)).toBeCloseTo(0.4769362762, 6);
    expect(erfinv(-0.9)).toBeCloseTo(-1.1630871537, 6);
  });
});

describe('seeded draws', () => {
  it('setRandomSeed makes initialisation reproducible', () => {
    setRandomSeed(7);
    const a = new Linear({ in_features: 3, out_features: 3 });
    setRandomSeed(7);
    const b = new Linear({ in_features: 3, out_features: 3 });
    expect(Array.from(b.weight.dataSync())).toEqual(Array.from(a.weight.dataSync()));
    const c = new Linear({ in_features: 3, out_features: 3 });
    expect(Array.from(c.weight.dataSync())).not.toEqual(Array.from(a.weight.dataSync()));
    a.dispose();
    b.dispose();
    c.dispose();
  });
});

describe('init_cfg (manual: Weight initialization)', () => {
  it('registers the initializers under their short names', () => {
    for (const n of [
      'Constant',
      'Xavier',
      'Normal',
      'TruncNormal',
      'Uniform',
      'Kaiming',
      'Caffe2Xavier',
      'Pretrained',
    ]) {
      expect(WEIGHT_INITIALIZERS.get(n)).toBeTypeOf('function');
    }
  });

  it("the manual's ToyNet: Kaiming for Conv2d and Xavier for Linear, then Kaiming for both through a layer list", async () => {
    class LinearConvNet extends BaseModule {
      linear = new Linear({ in_features: 1, out_features: 1 });
      conv = new Conv2d({ in_channels: 1, out_channels: 1, kernel_size: 1 });
    }
    const kaiming = /^KaimingInit: a=0, mode=fan_out, nonlinearity=relu, distribution=normal, bias=0/;
    const xavier = /^XavierInit: gain=1, distribution=normal, bias=0/;
    const infoOf = async (net: BaseModule) => {
      await net.initWeights();
      return Object.fromEntries(net.initInfo.map((e) => [e.name, e.info]));
    };
    const split = new LinearConvNet({
      init_cfg: [
        { type: 'Kaiming', layer: 'Conv2d' },
        { type: 'Xavier', layer: 'Linear' },
      ],
    });
    const a = await infoOf(split);
    expect(a['linear.weight']).toMatch(xavier);
    expect(a['linear.bias']).toMatch(xavier);
    expect(a['conv.weight']).toMatch(kaiming);
    expect(a['conv.bias']).toMatch(kaiming);
    // the biases are really set to the configured 0
    expect(stats(split.linear.bias as tf.Tensor).max).toBe(0);
    expect(stats(split.conv.bias as tf.Tensor).max).toBe(0);
    const both = new LinearConvNet({ init_cfg: [{ type: 'Kaiming', layer: ['Conv2d', 'Linear'] }] });
    const b = await infoOf(both);
    for (const k of ['linear.weight', 'linear.bias', 'conv.weight', 'conv.bias']) expect(b[k], k).toMatch(kaiming);
    split.dispose();
    both.dispose();
  });

  it('layer selects module types; override applies to a named child', async () => {
    const net = new ToyNet({
      init_cfg: [{ type: 'Kaiming', layer: ['Conv2d'], override: { name: 'conv2', type: 'Xavier' } }],
    });
    await net.initWeights();
    const info = Object.fromEntries(net.initInfo.map((e) => [e.name, e.info]));
    expect(info['conv1.weight']).toMatch(/^KaimingInit: a=0, mode=fan_out, nonlinearity=relu/);
    expect(info['conv1.bias']).toMatch(/^KaimingInit/);
    expect(info['conv2.weight']).toMatch(/^XavierInit: gain=1, distribution=normal, bias=0/);
    // Xavier sets the bias to 0 again, which does not change it: it stays attributed to Kaiming, as in the manual
    expect(info['conv2.bias']).toMatch(/^KaimingInit/);
    expect(net.isInit).toBe(true);
    net.dispose();
  });

  it('override with only a name reuses the outer config without `layer`', async () => {
    class FooNet extends BaseModule {
      feat = new Conv2d({ in_channels: 1, out_channels: 2, kernel_size: 1 });
      reg = new Linear({ in_features: 1, out_features: 1 });
      cls = new Linear({ in_features: 1, out_features: 1 });
    }
    const net = new FooNet();
    await initialize(net, {
      type: 'Constant',
      val: 1,
      bias: 2,
      layer: 'Conv2d',
      override: [{ name: 'reg', type: 'Constant', val: 3, bias: 4 }, { name: 'cls' }],
    });
    expect(stats(net.feat.weight)).toMatchObject({ min: 1, max: 1 });
    expect(stats(net.reg.weight)).toMatchObject({ min: 3, max: 3 });
    expect(stats(net.reg.bias as tf.Tensor)).toMatchObject({ min: 4, max: 4 });
    expect(stats(net.cls.weight)).toMatchObject({ min: 1, max: 1 });
    expect(stats(net.cls.bias as tf.Tensor)).toMatchObject({ min: 2, max: 2 });
    await expect(
      initialize(net, { type: 'Constant', val: 1, override: { type: 'Constant', val: 2 } as never }),
    ).rejects.toThrow(/must contain the key "name"/);
    await expect(
      initialize(net, { type: 'Constant', val: 1, override: { name: 'nope', type: 'Constant', val: 2 } }),
    ).rejects.toThrow(/no submodule "nope"/);
    net.dispose();
  });

  it("a child's own init_cfg wins over its parent's and user initWeights runs", async () => {
    class Custom extends BaseModule {
      constructor() {
        super();
        this.registerParameter('custom_weight', tf.variable(tf.zeros([2])));
      }
      override async initWeights(): Promise<void> {
        (this.getParameter('custom_weight') as tf.Variable).assign(tf.ones([2]));
        this.isInit = true;
      }
    }
    class Net extends BaseModule {
      a = new Linear({ in_features: 2, out_features: 2, init_cfg: { type: 'Constant', val: 5, layer: 'Linear' } });
      b = new Linear({ in_features: 2, out_features: 2 });
      custom = new Custom();
    }
    const net = new Net({ init_cfg: { type: 'Constant', val: 1, layer: 'Linear' } });
    await net.initWeights();
    expect(stats(net.a.weight).mean).toBe(5);
    expect(stats(net.b.weight).mean).toBe(1);
    const info = Object.fromEntries(net.initInfo.map((e) => [e.name, e.info]));
    expect(info['custom.custom_weight']).toBe('Initialized by user-defined `initWeights` in Custom ');
    net.dispose();
  });

  it('Pretrained loads a checkpoint (JSON state dict) last, with prefix and key revision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-model-'));
    const file = join(dir, 'ckpt.json');
    writeFileSync(
      file,
      JSON.stringify({
        meta: {},
        state_dict: {
          'module.backbone.weight': { shape: [1, 1], data: [7] },
          'module.backbone.bias': { shape: [1], data: [8] },
          'module.head.weight': { shape: [1, 1], data: [9] },
        },
      }),
    );
    class Net extends BaseModule {
      backbone = new Linear({ in_features: 1, out_features: 1 });
      head = new Linear({ in_features: 1, out_features: 1 });
    }
    // Pretrained is listed first but applied last, overwriting the Constant init; `module.` is stripped.
    const net = new Net({
      init_cfg: [
        { type: 'Pretrained', checkpoint: file },
        { type: 'Constant', val: 3, bias: 1, layer: 'Linear' },
      ],
    });
    await net.initWeights();
    expect(Array.from(net.backbone.weight.dataSync())).toEqual([7]);
    expect(Array.from(net.head.weight.dataSync())).toEqual([9]);
    expect(Array.from((net.head.bias as tf.Tensor).dataSync())).toEqual([1]); // not in the checkpoint
    const info = Object.fromEntries(net.initInfo.map((e) => [e.name, e.info]));
    expect(info['backbone.weight']).toBe(`PretrainedInit: load from ${file}`);
    expect(info['head.bias']).toMatch(/^ConstantInit/);
    net.dispose();

    // prefix: a submodule loads only its part of a larger checkpoint
    const sub = new Net();
    sub.backbone.initCfg = { type: 'Pretrained', checkpoint: file, prefix: 'backbone.' };
    await sub.initWeights();
    expect(Array.from(sub.backbone.weight.dataSync())).toEqual([7]);
    expect(Array.from((sub.backbone.bias as tf.Tensor).dataSync())).toEqual([8]);
    const bad = new Linear({
      in_features: 1,
      out_features: 1,
      init_cfg: { type: 'Pretrained', checkpoint: file, prefix: 'neck.' },
    });
    await expect(bad.initWeights()).rejects.toThrow(/has no keys starting with "neck\."/);
    bad.dispose();
    sub.dispose();
  });
});

describe('Pretrained from safetensors', () => {
  it('reads a safetensors checkpoint through fileio', async () => {
    const { serializeSafetensors } = await import('@eng/tensor-gpu');
    const src = new Linear({ in_features: 2, out_features: 2 });
    const bytes = await serializeSafetensors(src.stateDict());
    const dir = mkdtempSync(join(tmpdir(), 'eng-model-st-'));
    const file = join(dir, 'w.safetensors');
    writeFileSync(file, bytes);
    const dst = new Linear({ in_features: 2, out_features: 2, init_cfg: { type: 'Pretrained', checkpoint: file } });
    const before = tf.memory().numTensors;
    await dst.initWeights();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(dst.weight.dataSync())).toEqual(Array.from(src.weight.dataSync()));
    src.dispose();
    dst.dispose();
  });
});

describe('Pretrained from a URI', () => {
  it('fetches the checkpoint over HTTP through fileio', async () => {
    const { createServer } = await import('node:http');
    const { serializeSafetensors } = await import('@eng/tensor-gpu');
    const src = new Linear({ in_features: 3, out_features: 2 });
    const bytes = await serializeSafetensors(src.stateDict());
    const requested: string[] = [];
    const server = createServer((req, res) => {
      requested.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const uri = `http://127.0.0.1:${port}/ckpt/w.safetensors`;
      const dst = new Linear({ in_features: 3, out_features: 2, init_cfg: { type: 'Pretrained', checkpoint: uri } });
      await dst.initWeights();
      expect(requested).toEqual(['/ckpt/w.safetensors']);
      expect(Array.from(dst.weight.dataSync())).toEqual(Array.from(src.weight.dataSync()));
      expect(dst.initInfo.find((e) => e.name === 'weight')?.info).toBe(`PretrainedInit: load from ${uri}`);
      dst.dispose();
    } finally {
      server.close();
      src.dispose();
    }
  });
});

describe('init_cfg with a class as type', () => {
  it('accepts initializer classes as well as names', async () => {
    const { ConstantInit } = await import('../src');
    const m = new Linear({
      in_features: 2,
      out_features: 2,
      init_cfg: { type: ConstantInit, val: 3, layer: 'Linear' },
    });
    await m.initWeights();
    expect(new Set(m.weight.dataSync())).toEqual(new Set([3]));
    m.dispose();
  });
});

describe('initialisation report', () => {
  it('goes to the log file when the current logger writes one, and stays off the console', async () => {
    const { MMLogger } = await import('@eng/logging');
    const logFile = join(mkdtempSync(join(tmpdir(), 'eng-init-report-')), 'run.log');
    const printed: string[] = [];
    const logger = MMLogger.getInstance(`init-report-${Date.now()}`, {
      logFile,
      rank: 0,
      stream: { write: (chunk: string) => printed.push(chunk) },
    });
    const net = new ToyNet({ init_cfg: { type: 'Constant', layer: 'Conv2d', val: 1, bias: 2 } });
    await net.initWeights();
    logger.close();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('Name of parameter - Initialization information');
    expect(text).toContain('conv1.weight - [1, 1, 1, 1]: \nConstantInit: val=1, bias=2');
    expect(printed.join('')).not.toContain('conv1.weight');
    net.dispose();
  });
});

describe('init_cfg layer matches PyTorch base classes (MMEngine _get_bases_name)', () => {
  it("layer '_ConvNd' initialises every convolution, '_BatchNorm' / '_NormBase' every batch norm", async () => {
    const { BatchNorm1d, Dropout, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } = await import('../src');
    class Net extends BaseModule {
      conv = new Conv2d({ in_channels: 1, out_channels: 2, kernel_size: 3 });
      bn = new BatchNorm2d({ num_features: 2 });
      bn1d = new BatchNorm1d({ num_features: 2 });
      fc = new Linear({ in_features: 2, out_features: 2 });
    }
    const net = new Net({
      init_cfg: [
        { type: 'Constant', val: 3, bias: 4, layer: '_ConvNd' },
        { type: 'Constant', val: 5, bias: 6, layer: '_BatchNorm' },
      ],
    });
    await net.initWeights();
    expect(stats(net.conv.weight)).toMatchObject({ min: 3, max: 3 });
    expect(stats(net.conv.bias as tf.Tensor)).toMatchObject({ min: 4, max: 4 });
    for (const bn of [net.bn, net.bn1d]) expect(stats(bn.weight as tf.Tensor)).toMatchObject({ min: 5, max: 5 });
    expect(stats(net.fc.weight).max).not.toBe(3);
    await initialize(net, { type: 'Constant', val: 7, layer: '_NormBase' });
    expect(stats(net.bn.weight as tf.Tensor)).toMatchObject({ min: 7, max: 7 });
    // each layer answers to its PyTorch bases, then its own parents
    expect(net.conv.layerNames()).toEqual(['Conv2d', '_ConvNd', 'BaseModule', 'Module']);
    expect(net.bn.layerNames()).toEqual([
      'BatchNorm2d',
      'BatchNorm',
      '_BatchNorm',
      '_NormBase',
      'BaseModule',
      'Module',
    ]);
    expect(new MaxPool2d({ kernel_size: 2 }).layerNames()).toContain('_MaxPoolNd');
    expect(new AvgPool2d({ kernel_size: 2 }).layerNames()).toContain('_AvgPoolNd');
    expect(new AdaptiveAvgPool2d({ output_size: 1 }).layerNames()).toContain('_AdaptiveAvgPoolNd');
    expect(new Dropout().layerNames()).toContain('_DropoutNd');
    net.dispose();
  });

  it('a user class extending Conv2d answers to Conv2d and _ConvNd', async () => {
    class WSConv2d extends Conv2d {}
    class Net extends BaseModule {
      conv = new WSConv2d({ in_channels: 1, out_channels: 1, kernel_size: 1 });
    }
    const net = new Net();
    await initialize(net, { type: 'Constant', val: 2, layer: '_ConvNd' });
    expect(stats(net.conv.weight)).toMatchObject({ min: 2, max: 2 });
    expect(net.conv.layerNames()).toEqual(['WSConv2d', 'Conv2d', '_ConvNd', 'BaseModule', 'Module']);
    net.dispose();
  });

  it('a layer name that matches no module of the model warns, with the nearest layer names', async () => {
    const { captureLog } = await import('@eng/logging/test');
    const lines = captureLog();
    const net = new ToyNet();
    const before = Array.from(net.conv1.weight.dataSync());
    await initialize(net, { type: 'Kaiming', layer: '_ConvND' });
    expect(Array.from(net.conv1.weight.dataSync())).toEqual(before);
    const warning = lines.filter((l) => l.includes('WARNING')).join('\n');
    expect(warning).toContain(
      'KaimingInit with layer "_ConvND" (Did you mean "_ConvNd", "Conv2d"?) matched no module of ToyNet, so it ' +
        'initialised nothing. `layer` matches a class name or one of its bases',
    );
    expect(warning).toContain('the classes here are: Conv2d, ToyNet');
    // a known layer the model lacks, beside one that matches, stays quiet (ResNet's default ['_BatchNorm', 'GroupNorm'])
    lines.length = 0;
    await initialize(net, { type: 'Constant', val: 1, layer: ['Conv2d', 'GroupNorm'] });
    expect(lines.filter((l) => l.includes('WARNING'))).toEqual([]);
    // an unknown name beside one that matches is a likely typo
    await initialize(net, { type: 'Constant', val: 1, layer: ['Conv2d', 'Lienar'] });
    expect(lines.filter((l) => l.includes('WARNING')).join('\n')).toContain(
      'ConstantInit: layer "Lienar" matched no module of ToyNet and is not a layer name eng, MODELS or PyTorch knows',
    );
    net.dispose();
  });
});

describe('Pretrained with keys that do not match warns with a summary (MMEngine load_state_dict)', () => {
  async function checkpointOf(module: BaseModule, file: string): Promise<string> {
    const { serializeSafetensors } = await import('@eng/tensor-gpu');
    const dir = mkdtempSync(join(tmpdir(), 'eng-model-pre-'));
    const path = join(dir, file);
    writeFileSync(path, await serializeSafetensors(module.stateDict()));
    return path;
  }

  class Backbone extends BaseModule {
    conv = new Conv2d({ in_channels: 1, out_channels: 2, kernel_size: 3 });
    bn = new BatchNorm2d({ num_features: 2 });
  }
  class Detector extends BaseModule {
    backbone = new Backbone();
  }

  it('no key matches: "loaded 0 of N tensors", a WARNING naming missing and unexpected keys, and a prefix hint', async () => {
    const { captureLog } = await import('@eng/logging/test');
    const source = new Detector();
    const file = await checkpointOf(source, 'detector.safetensors');
    const lines = captureLog();
    const net = new Backbone({ init_cfg: { type: 'Pretrained', checkpoint: file } });
    await net.initWeights();
    const warning = lines.join('\n');
    expect(lines.some((l) => l.includes(' - WARNING - loaded 0 of 7 tensors of Backbone from '))).toBe(true);
    expect(warning).toContain(
      'missing keys in source state_dict (6): conv.weight, conv.bias, bn.weight, bn.bias, bn.running_mean, bn.running_var',
    );
    expect(warning).toContain(
      'unexpected key in source state_dict (7): backbone.bn.bias, backbone.bn.num_batches_tracked,', // sorted (safetensors)
    );
    expect(warning).toContain(
      `hint: the checkpoint's keys start with "backbone."; to load that part set prefix: 'backbone.' in the init_cfg`,
    );
    source.dispose();
    net.dispose();
  });

  it('shape mismatches are listed; a checkpoint that fits stays quiet', async () => {
    const { captureLog } = await import('@eng/logging/test');
    const wide = new Linear({ in_features: 3, out_features: 4 });
    const file = await checkpointOf(wide, 'wide.safetensors');
    const lines = captureLog();
    const net = new Linear({ in_features: 3, out_features: 2, init_cfg: { type: 'Pretrained', checkpoint: file } });
    await net.initWeights();
    const text = lines.join('\n');
    expect(text).toContain(' - WARNING - loaded 0 of 2 tensors of Linear from ');
    expect(text).toContain(
      'size mismatch for weight: copying a param with shape [4, 3] from checkpoint, the shape in current model is [2, 3]',
    );
    lines.length = 0;
    const same = new Linear({ in_features: 3, out_features: 4, init_cfg: { type: 'Pretrained', checkpoint: file } });
    await same.initWeights();
    expect(lines.filter((l) => l.includes('WARNING'))).toEqual([]);
    wide.dispose();
    net.dispose();
    same.dispose();
  });

  it('lists are capped', async () => {
    const { captureLog } = await import('@eng/logging/test');
    const { Sequential } = await import('../src');
    const big = new Sequential(...Array.from({ length: 8 }, () => new Linear({ in_features: 1, out_features: 1 })));
    const file = await checkpointOf(big, 'big.safetensors');
    const lines = captureLog();
    const net = new ModelWithOtherNames({ init_cfg: { type: 'Pretrained', checkpoint: file } });
    await net.initWeights();
    const line = lines.find((l) => l.startsWith('unexpected key in source state_dict'));
    expect(line).toBe(
      'unexpected key in source state_dict (16): 0.bias, 0.weight, 1.bias, 1.weight, 2.bias, 2.weight, 3.bias, ' +
        '3.weight, 4.bias, 4.weight, ... (6 more)',
    );
    big.dispose();
    net.dispose();
  });
});

class ModelWithOtherNames extends BaseModule {
  fc = new Linear({ in_features: 1, out_features: 1 });
}
