import { MODELS } from '@eng/registry';
import { setRandomSeed, tf } from '@eng/tensor-gpu';
import { BaseDataElement } from '@eng/structures';
import { describe, expect, it } from 'vitest';
import {
  BaseDataPreprocessor,
  BaseModel,
  type ForwardMode,
  ImgDataPreprocessor,
  Linear,
  MLP,
  ResNet,
  type SmallCNN,
  stackBatch,
} from '../src';
import { inlineSgd } from '../src/test';

/** A separable toy problem: the label is whether the first pixel is bright. */
function digitsBatch(n: number, size = 28, channels = 1): { inputs: tf.Tensor; data_samples: BaseDataElement[] } {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const inputs = tf.tidy(() => {
    const noise = tf.randomUniform([n, size, size, channels], 0, 0.1, 'float32', 1);
    const mark = tf.tensor1d(labels, 'float32').reshape([n, 1, 1, 1]);
    return tf.add(noise, tf.mul(mark, tf.ones([n, size, size, channels]).mul(0.5)));
  });
  return { inputs, data_samples: labels.map((l) => new BaseDataElement({ gt_label: l })) };
}

describe('BaseModel', () => {
  it('parseLosses averages each loss, sums keys containing "loss", and logs every entry', () => {
    const model = new MLP({ in_features: 4, hidden_channels: [], num_classes: 2 });
    const [loss, vars] = model.parseLosses({
      loss_cls: tf.tensor1d([1, 3]),
      loss_list: [tf.scalar(1), tf.tensor1d([2, 4])],
      acc: tf.scalar(0.5),
    });
    expect(loss.dataSync()[0]).toBe(2 + 4);
    expect(Object.keys(vars)).toEqual(['loss', 'loss_cls', 'loss_list', 'acc']);
    expect(vars.acc?.dataSync()[0]).toBe(0.5);
    expect(() => model.parseLosses({ acc: tf.scalar(1) })).toThrow(/no key containing "loss"/);
    model.dispose();
  });

  it('builds a default BaseDataPreprocessor or one from config', () => {
    const a = new MLP({ in_features: 4, num_classes: 2 });
    expect(a.dataPreprocessor).toBeInstanceOf(BaseDataPreprocessor);
    const b = MODELS.build<MLP>({
      type: 'MLP',
      in_features: 4,
      num_classes: 2,
      data_preprocessor: { type: 'ImgDataPreprocessor', mean: [0.5], std: [0.5] },
    });
    expect(b.dataPreprocessor).toBeInstanceOf(ImgDataPreprocessor);
    a.dispose();
    b.dispose();
  });

  it('a model from config trains through trainStep: losses decrease, tensor count stays flat', () => {
    setRandomSeed(0);
    const model = MODELS.build<SmallCNN>({ type: 'SmallCNN', num_classes: 2, channels: [4, 8], hidden: 16 });
    const optim = inlineSgd(model, 0.3);
    const batch = digitsBatch(8);
    const losses: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const logVars = model.trainStep(batch, optim);
      expect(Object.keys(logVars)).toEqual(['loss']);
      losses.push(logVars.loss as number);
      counts.push(tf.memory().numTensors);
    }
    expect(optim.steps).toBe(10);
    expect(losses[9]).toBeLessThan((losses[0] as number) * 0.8);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const preds = model.valStep(batch) as BaseDataElement[];
    expect(preds).toHaveLength(8);
    expect(preds[0]?.keys().sort()).toEqual(['gt_label', 'pred_label', 'pred_score']);
    const acc = preds.filter((p) => p.pred_label === p.gt_label).length / preds.length;
    expect(acc).toBeGreaterThan(0.5);
    tf.dispose(batch.inputs);
    model.dispose();
  });

  it('trainStep through an ImgDataPreprocessor and batch norm (ResNet-18, tiny width) learns and does not leak', () => {
    setRandomSeed(1);
    const model = MODELS.build<ResNet>({
      type: 'ResNet',
      depth: 18,
      base_channels: 2,
      num_classes: 2,
      data_preprocessor: { type: 'ImgDataPreprocessor', mean: [0.25, 0.25, 0.25], std: [0.25, 0.25, 0.25] },
    });
    const optim = inlineSgd(model, 0.05);
    const batch = digitsBatch(4, 8, 3);
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 6; i++) losses.push(model.trainStep(batch, optim).loss as number);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[5]).toBeLessThan(losses[0] as number);
    const tracked = model.stateDict()['bn1.num_batches_tracked'];
    expect(tracked?.dataSync()[0]).toBe(6);
    model.eval();
    const logits = model.forward(batch.inputs, undefined, 'tensor') as tf.Tensor;
    expect(logits.shape).toEqual([4, 2]);
    logits.dispose();
    tf.dispose(batch.inputs);
    model.dispose();
  });

  it('ResNet depths build the torchvision layout', () => {
    const r50 = new ResNet({ depth: 50, base_channels: 1, num_classes: 3 });
    const names = [...r50.namedParameters()].map(([n]) => n);
    expect(names).toContain('layer1.0.conv3.weight');
    expect(names).toContain('layer4.2.bn3.bias');
    expect(names).toContain('layer2.0.downsample.0.weight');
    expect(names.filter((n) => /^layer3\.\d+\.conv1\.weight$/.test(n))).toHaveLength(6);
    expect(r50.stateDict()['fc.weight']?.shape).toEqual([3, 4 * 8]);
    r50.dispose();
    expect(() => new ResNet({ depth: 42 as 18 })).toThrow(/invalid depth 42/);
  });

  it('forward receives (inputs, data_samples, mode) from an object or an array batch', () => {
    const seen: unknown[] = [];
    class Toy extends BaseModel {
      linear = new Linear({ in_features: 1, out_features: 1 });
      override forward(inputs: tf.Tensor, dataSamples: unknown, mode: ForwardMode = 'tensor'): unknown {
        seen.push([inputs.shape, dataSamples, mode]);
        return [];
      }
    }
    const toy = new Toy();
    const x = tf.ones([2, 1]);
    toy.valStep({ inputs: x, data_samples: ['a'] });
    toy.testStep([x, ['b']]);
    expect(seen).toEqual([
      [[2, 1], ['a'], 'predict'],
      [[2, 1], ['b'], 'predict'],
    ]);
    x.dispose();
    toy.dispose();
  });
});

describe('ImgDataPreprocessor', () => {
  it('normalises, swaps channels, pads to the divisor and stacks', () => {
    const pre = new ImgDataPreprocessor({
      mean: [1, 2, 3],
      std: [2, 2, 2],
      bgr_to_rgb: true,
      pad_size_divisor: 4,
      pad_value: -1,
    });
    const a = tf.tensor3d([[[3, 2, 1]]], [1, 1, 3], 'int32'); // BGR pixel
    const b = tf.ones([2, 3, 3]);
    const out = pre.forward({ inputs: [a, b], data_samples: [] }) as { inputs: tf.Tensor; data_samples: unknown };
    expect(out.inputs.shape).toEqual([2, 4, 4, 3]);
    const px = (out.inputs.arraySync() as number[][][][])[0]?.[0]?.[0];
    expect(px).toEqual([0, 0, 0]); // RGB (1,2,3) - mean (1,2,3)
    expect((out.inputs.arraySync() as number[][][][])[0]?.[3]?.[3]).toEqual([-1, -1, -1]);
    expect(out.data_samples).toEqual([]);
    const nhwc = pre.forward({ inputs: tf.ones([1, 5, 6, 3]) }) as { inputs: tf.Tensor; data_samples: unknown };
    expect(nhwc.inputs.shape).toEqual([1, 8, 8, 3]);
    expect(nhwc.data_samples).toBeNull();
    expect(() => pre.forward({ inputs: [tf.ones([2, 2, 1])] })).toThrow(/mean has 3 values/);
    expect(() => new ImgDataPreprocessor({ bgr_to_rgb: true, rgb_to_bgr: true })).toThrow(/cannot be set to true/);
    expect(() => new ImgDataPreprocessor({ mean: [1] })).toThrow(/both null/);
    tf.dispose([a, b, out.inputs, nhwc.inputs]);
    pre.dispose();
  });

  it("takes the images a data loader's pseudo_collate hands over (typed arrays) and stacks them", () => {
    const pre = new ImgDataPreprocessor({ mean: [0, 0, 0], std: [2, 2, 2], bgr_to_rgb: true });
    // two 1x2 BGR images, as LoadImageFromFile + PackInputs give them: { data, height, width, channels }
    const a = { data: Uint8Array.from([2, 4, 6, 8, 10, 12]), height: 1, width: 2, channels: 3 };
    const b = { data: Float32Array.from([0, 0, 2, 0, 0, 4]), height: 1, width: 2, channels: 3 };
    const out = pre.forward({ inputs: [a, b], data_samples: [] }) as { inputs: tf.Tensor };
    expect(out.inputs.shape).toEqual([2, 1, 2, 3]);
    expect(out.inputs.arraySync()).toEqual([
      [
        [
          [3, 2, 1],
          [6, 5, 4],
        ],
      ],
      [
        [
          [1, 0, 0],
          [2, 0, 0],
        ],
      ],
    ]);
    out.inputs.dispose();
    pre.dispose();
  });

  it('stackBatch pads bottom/right', () => {
    const out = stackBatch([tf.ones([1, 2]), tf.ones([2, 1])], 1, 0);
    expect(out.arraySync()).toEqual([
      [
        [1, 1],
        [0, 0],
      ],
      [
        [1, 0],
        [1, 0],
      ],
    ]);
    out.dispose();
  });
});

describe('BaseDataPreprocessor', () => {
  it('castData rebuilds containers and keeps tensors and data elements', () => {
    const pre = new BaseDataPreprocessor();
    const t = tf.ones([1]);
    const el = new BaseDataElement({ a: 1 });
    const data = { inputs: [t], data_samples: [el], meta: { name: 'x', n: null } };
    const out = pre.forward(data, true) as typeof data;
    expect(out).not.toBe(data);
    expect(out.inputs[0]).toBe(t);
    expect(out.data_samples[0]).toBe(el);
    expect(out.meta).toEqual({ name: 'x', n: null });
    t.dispose();
  });

  it('castData makes [H, W, C] tensors of images: int32 from 8-bit pixels, float32 from normalized ones', () => {
    const pre = new BaseDataPreprocessor();
    const out = pre.castData({
      img: { data: Uint8Array.from([1, 2]), height: 1, width: 1, channels: 2 },
    }) as unknown as { img: tf.Tensor };
    expect(out.img.shape).toEqual([1, 1, 2]);
    expect(out.img.dtype).toBe('int32');
    const f = pre.castData({ data: new Float32Array(6), height: 2, width: 3, channels: 1 }) as unknown as tf.Tensor;
    expect([f.dtype, f.shape]).toEqual(['float32', [2, 3, 1]]);
    // not an image: a length that does not match the shape stays a plain object
    expect(pre.castData({ data: new Uint8Array(3), height: 2, width: 2, channels: 1 })).not.toBeInstanceOf(tf.Tensor);
    tf.dispose([out.img, f]);
  });
});

describe('valStep memory', () => {
  it('keeps only the tensors the predictions hold', () => {
    class TensorPreds extends BaseModel {
      fc = new Linear({ in_features: 3, out_features: 2 });
      override forward(inputs: tf.Tensor, _samples: unknown, mode: ForwardMode = 'tensor'): unknown {
        const out = this.fc.forward(tf.mul(inputs, 2)); // intermediate tensors are released
        return mode === 'predict' ? [new BaseDataElement({ logits: out })] : out;
      }
    }
    const model = new TensorPreds({ data_preprocessor: { type: 'ImgDataPreprocessor', mean: [1], std: [2] } });
    const imgs = [tf.ones([2, 1, 3]), tf.ones([1, 1, 3])]; // HWC, padded to [2, 1, 3]
    const before = tf.memory().numTensors;
    const preds = model.valStep({ inputs: imgs }) as BaseDataElement[];
    expect(tf.memory().numTensors).toBe(before + 1);
    expect((preds[0] as BaseDataElement).logits.shape).toEqual([2, 2, 1, 2]);
    preds[0]?.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(imgs);
    model.dispose();
  });
});
