import { MODELS } from '@eng/registry';
import { setRandomSeed, tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  GroupNorm,
  LayerNorm,
  LeakyReLU,
  MaxPool2d,
  Softmax,
} from '../src';

/** Direct NHWC convolution with HWIO weights, for checking Conv2d. */
function naiveConv(
  x: number[][][][],
  w: number[][][][],
  stride: number,
  pad: number,
  dilation: number,
  groups: number,
): number[][][][] {
  const [n, h, wd, c] = [x.length, x[0]!.length, x[0]![0]!.length, x[0]![0]![0]!.length];
  const [kh, kw, cinG, cout] = [w.length, w[0]!.length, w[0]![0]!.length, w[0]![0]![0]!.length];
  const outH = Math.floor((h + 2 * pad - dilation * (kh - 1) - 1) / stride) + 1;
  const outW = Math.floor((wd + 2 * pad - dilation * (kw - 1) - 1) / stride) + 1;
  const coutG = cout / groups;
  const out: number[][][][] = [];
  for (let b = 0; b < n; b++) {
    const img: number[][][] = [];
    for (let i = 0; i < outH; i++) {
      const row: number[][] = [];
      for (let j = 0; j < outW; j++) {
        const px: number[] = [];
        for (let o = 0; o < cout; o++) {
          const g = Math.floor(o / coutG);
          let s = 0;
          for (let u = 0; u < kh; u++)
            for (let v = 0; v < kw; v++)
              for (let ci = 0; ci < cinG; ci++) {
                const y = i * stride - pad + u * dilation;
                const z = j * stride - pad + v * dilation;
                if (y < 0 || z < 0 || y >= h || z >= wd) continue;
                s += x[b]![y]![z]![g * cinG + ci]! * w[u]![v]![ci]![o]!;
              }
          px.push(s);
        }
        row.push(px);
      }
      img.push(row);
    }
    out.push(img);
  }
  void c;
  return out;
}

function expectClose(a: tf.Tensor, b: number[][][][] | number[], tol = 1e-4): void {
  const flat = (b as unknown[]).flat(4) as number[];
  const got = Array.from(a.dataSync());
  expect(got.length).toBe(flat.length);
  got.forEach((g, i) => {
    expect(Math.abs(g - (flat[i] as number))).toBeLessThan(tol);
  });
}

describe('layers are registered under PyTorch names with PyTorch options', () => {
  it('builds each layer from a config', () => {
    for (const name of [
      'Linear',
      'Conv2d',
      'BatchNorm1d',
      'BatchNorm2d',
      'LayerNorm',
      'Dropout',
      'MaxPool2d',
      'AvgPool2d',
      'AdaptiveAvgPool2d',
      'ReLU',
      'GELU',
      'Sigmoid',
      'Tanh',
      'LeakyReLU',
      'Softmax',
      'Flatten',
      'Embedding',
      'Sequential',
      'MLP',
      'SmallCNN',
      'ResNet',
      'ExponentialMovingAverage',
      'ImgDataPreprocessor',
    ]) {
      expect(MODELS.get(name), name).toBeTypeOf('function');
    }
    const conv = MODELS.build<Conv2d>({
      type: 'Conv2d',
      in_channels: 2,
      out_channels: 4,
      kernel_size: 3,
      stride: 2,
      padding: 1,
    });
    expect(conv.weight.shape).toEqual([3, 3, 2, 4]);
    expect(conv.stride).toEqual([2, 2]);
    conv.dispose();
  });
});

describe('Conv2d (NHWC, HWIO weights)', () => {
  setRandomSeed(3);
  const cases: Array<
    [
      string,
      {
        in_channels: number;
        out_channels: number;
        kernel_size: number;
        stride?: number;
        padding?: number;
        dilation?: number;
        groups?: number;
      },
    ]
  > = [
    ['plain', { in_channels: 2, out_channels: 3, kernel_size: 3, padding: 1 }],
    ['stride 2', { in_channels: 2, out_channels: 2, kernel_size: 3, stride: 2, padding: 1 }],
    ['dilation 2', { in_channels: 1, out_channels: 2, kernel_size: 3, dilation: 2, padding: 2 }],
    ['groups 2', { in_channels: 4, out_channels: 6, kernel_size: 3, padding: 1, groups: 2 }],
    ['depthwise', { in_channels: 3, out_channels: 6, kernel_size: 3, padding: 1, groups: 3 }],
  ];
  for (const [label, opts] of cases) {
    it(`matches a direct convolution: ${label}`, () => {
      const conv = new Conv2d({ ...opts, bias: false });
      const x = tf.randomNormal([2, 6, 6, opts.in_channels], 0, 1, 'float32', 5);
      const y = conv.forward(x);
      const expected = naiveConv(
        x.arraySync() as number[][][][],
        conv.weight.arraySync() as number[][][][],
        opts.stride ?? 1,
        opts.padding ?? 0,
        opts.dilation ?? 1,
        opts.groups ?? 1,
      );
      expect(y.shape).toEqual([2, expected[0]!.length, expected[0]![0]!.length, opts.out_channels]);
      expectClose(y, expected);
      tf.dispose([x, y]);
      conv.dispose();
    });
  }

  it('has PyTorch default init bounds from fan_in = in/groups·kh·kw', () => {
    const conv = new Conv2d({ in_channels: 8, out_channels: 16, kernel_size: 3, groups: 2 });
    const bound = 1 / Math.sqrt(4 * 9);
    const vals = Array.from(conv.weight.dataSync());
    expect(Math.max(...vals.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...vals.map(Math.abs))).toBeGreaterThan(bound * 0.9);
    conv.dispose();
  });
});

describe('BatchNorm2d', () => {
  it('uses batch statistics in training and updates running stats with PyTorch momentum', () => {
    const bn = new BatchNorm2d({ num_features: 1, momentum: 0.1 });
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = bn.forward(x);
    // mean 2.5, biased var 1.25
    expectClose(
      y,
      [1, 2, 3, 4].map((v) => (v - 2.5) / Math.sqrt(1.25 + 1e-5)),
    );
    const state = bn.stateDict();
    expect(state.running_mean?.dataSync()[0]).toBeCloseTo(0.25);
    expect(state.running_var?.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3)); // unbiased var 1.6667
    expect(state.num_batches_tracked?.dataSync()[0]).toBe(1);
    bn.eval();
    const z = bn.forward(x);
    expectClose(
      z,
      [1, 2, 3, 4].map((v) => (v - 0.25) / Math.sqrt(0.9 + 0.1 * (5 / 3) + 1e-5)),
    );
    tf.dispose([x, y, z]);
    bn.dispose();
  });

  it('momentum null gives the cumulative average', () => {
    const bn = new BatchNorm2d({ num_features: 1, momentum: null });
    for (const v of [2, 4]) {
      const x = tf.fill([1, 1, 2, 1], v);
      bn.forward(x).dispose();
      x.dispose();
    }
    expect(bn.getBuffer('running_mean')?.dataSync()[0]).toBeCloseTo(3);
    bn.dispose();
  });

  it('rejects inputs of the wrong layout', () => {
    const bn = new BatchNorm2d({ num_features: 3 });
    const x = tf.ones([2, 3]);
    expect(() => bn.forward(x)).toThrow(/NHWC input of rank 4/);
    const y = tf.ones([1, 2, 2, 4]);
    expect(() => bn.forward(y)).toThrow(/expects 3 channels on the last axis/);
    tf.dispose([x, y]);
    bn.dispose();
  });
});

describe('pooling', () => {
  const x = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

  it('MaxPool2d pads with -inf', () => {
    const neg = tf.neg(x());
    const y = new MaxPool2d({ kernel_size: 2, stride: 2, padding: 1 }).forward(neg);
    expectClose(y, [-1, -2, -4, -5]);
    tf.dispose([neg, y]);
  });

  it('AvgPool2d counts padding by default, not with count_include_pad=false', () => {
    const a = new AvgPool2d({ kernel_size: 2, stride: 2, padding: 1 }).forward(x());
    expectClose(a, [1 / 4, (2 + 3) / 4, (4 + 7) / 4, (5 + 6 + 8 + 9) / 4]);
    const b = new AvgPool2d({ kernel_size: 2, stride: 2, padding: 1, count_include_pad: false }).forward(x());
    expectClose(b, [1, 2.5, 5.5, 7]);
    tf.dispose([a, b]);
  });

  it('AdaptiveAvgPool2d uses PyTorch bins', () => {
    const y = new AdaptiveAvgPool2d({ output_size: 2 }).forward(x());
    expectClose(y, [3, 4, 6, 7]);
    const g = new AdaptiveAvgPool2d({ output_size: 1 }).forward(x());
    expect(g.shape).toEqual([1, 1, 1, 1]);
    expectClose(g, [5]);
    tf.dispose([y, g]);
  });
});

describe('activations and the rest', () => {
  it('GELU, LeakyReLU, Softmax over a chosen dim', () => {
    const x = tf.tensor1d([-1, 0, 1]);
    expectClose(new GELU().forward(x), [-0.158655, 0, 0.841345]);
    expectClose(new GELU({ approximate: 'tanh' }).forward(x), [-0.158808, 0, 0.841192]);
    expectClose(new LeakyReLU({ negative_slope: 0.2 }).forward(x), [-0.2, 0, 1]);
    const m = tf.tensor2d([
      [0, 0],
      [0, Math.log(3)],
    ]);
    expectClose(new Softmax({ dim: 0 }).forward(m), [0.5, 0.25, 0.5, 0.75]);
    tf.dispose([x, m]);
  });

  it('Dropout is the identity in eval mode and rescales kept values in training', () => {
    const d = new Dropout({ p: 0.5 });
    const x = tf.ones([1000]);
    const y = d.forward(x);
    const vals = Array.from(y.dataSync());
    expect(new Set(vals)).toEqual(new Set([0, 2]));
    const kept = vals.filter((v) => v > 0).length / vals.length;
    expect(kept).toBeGreaterThan(0.4);
    expect(kept).toBeLessThan(0.6);
    d.eval();
    expect(d.forward(x)).toBe(x);
    tf.dispose([x, y]);
  });

  it('Flatten, LayerNorm, Embedding', () => {
    const x = tf.ones([2, 3, 4, 5]);
    expect(new Flatten().forward(x).shape).toEqual([2, 60]);
    expect(new Flatten({ start_dim: 2 }).forward(x).shape).toEqual([2, 3, 20]);
    const ln = new LayerNorm({ normalized_shape: [2] });
    expectClose(ln.forward(tf.tensor2d([[1, 3]])), [-1, 1], 1e-3);
    const emb = new Embedding({ num_embeddings: 4, embedding_dim: 3, padding_idx: 0 });
    expect(Array.from(emb.weight.dataSync()).slice(0, 3).map(Math.abs)).toEqual([0, 0, 0]);
    const ids = tf.tensor2d([[0, 2]], [1, 2], 'int32');
    const e = emb.forward(ids);
    expect(e.shape).toEqual([1, 2, 3]);
    tf.dispose([x, ids, e]);
    ln.dispose();
    emb.dispose();
  });

  it('Embedding: the padding_idx row gets no gradient, other rows sum their uses (PyTorch)', () => {
    const emb = new Embedding({ num_embeddings: 5, embedding_dim: 2, padding_idx: -2 });
    expect(emb.paddingIdx).toBe(3);
    // give the padding row a value: it is looked up as is, only its gradient is dropped
    emb.weight.assign(tf.tensor2d([0, 0, 1, 1, 2, 2, 7, 7, 4, 4], [5, 2]));
    const ids = tf.tensor2d(
      [
        [3, 1, 3],
        [1, 4, 0],
      ],
      [2, 3],
      'int32',
    );
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(emb.forward(ids)) as tf.Scalar, [emb.weight]);
    expect(value.dataSync()[0]).toBe(7 * 2 * 2 + 1 * 2 * 2 + 4 * 2 + 0);
    expect(grads[emb.weight.name]?.arraySync()).toEqual([
      [1, 1],
      [2, 2],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    // without padding_idx every used row gets its count, row 3 included
    const plain = new Embedding({ num_embeddings: 5, embedding_dim: 2 });
    const p = tf.variableGrads(() => tf.sum(plain.forward(ids)) as tf.Scalar, [plain.weight]);
    expect((p.grads[plain.weight.name]?.arraySync() as number[][] | undefined)?.[3]).toEqual([2, 2]);
    tf.dispose([p.value, ...Object.values(p.grads)]);
    ids.dispose();
    emb.dispose();
    plain.dispose();
  });
});

describe('GroupNorm', () => {
  it('normalises each group of channels per sample', () => {
    const gn = new GroupNorm({ num_groups: 2, num_channels: 4 });
    // one sample, 1×2 pixels, channels [a, b | c, d]
    const x = tf.tensor4d([1, 3, 10, 10, 3, 1, 20, 30], [1, 1, 2, 4]);
    const y = gn.forward(x).arraySync() as number[][][][];
    // group 0 values {1, 3, 3, 1}: mean 2, var 1
    expect(y[0]?.[0]?.[0]?.[0]).toBeCloseTo(-1, 3);
    expect(y[0]?.[0]?.[0]?.[1]).toBeCloseTo(1, 3);
    // group 1 values {10, 10, 20, 30}: mean 17.5, var 68.75
    expect(y[0]?.[0]?.[1]?.[3]).toBeCloseTo((30 - 17.5) / Math.sqrt(68.75 + 1e-5), 3);
    expect(gn.isNorm).toBe(true);
    x.dispose();
    gn.dispose();
  });
});
