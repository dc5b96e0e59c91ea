import { MODELS } from '@eng/registry';
import { LabelData } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImageClassifier, LinearClsHead, SmallResNet, TOYCLS_MODELS } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

const classifierCfg = {
  type: 'ImageClassifier',
  data_preprocessor: { type: 'ImgDataPreprocessor', mean: [127.5, 127.5, 127.5], std: [64, 64, 64] },
  backbone: { type: 'SmallResNet', depth: 2, width: 4 },
  head: { type: 'LinearClsHead', num_classes: 3 },
};

function samples(labels: number[]): LabelData[] {
  return labels.map((label) => new LabelData({ label: [label] }));
}

describe('SmallResNet', () => {
  it('outputs a feature map at stride 2^(depth-1) (times the stem stride) with width * 2^(depth-1) channels', () => {
    const net = new SmallResNet({ depth: 3, width: 8 });
    const out = tf.tidy(() => net.forward(tf.zeros([2, 32, 32, 3])).shape);
    expect(out).toEqual([2, 8, 8, 32]);
    expect(net.outChannels).toBe(32);
    expect(net.stride).toBe(4);
    const strided = new SmallResNet({ depth: 2, width: 4, stem_stride: 2, in_channels: 1 });
    expect(tf.tidy(() => strided.forward(tf.zeros([1, 16, 16, 1])).shape)).toEqual([1, 4, 4, 8]);
  });

  it('has torchvision-style parameter names', () => {
    const names = [...new SmallResNet({ depth: 2, width: 4 }).namedParameters()].map(([n]) => n);
    expect(names).toContain('stem.0.weight');
    expect(names).toContain('layers.1.conv1.weight');
    expect(names).toContain('layers.1.downsample.0.weight');
  });
});

describe('ImageClassifier', () => {
  it('is built from the toycls registry, with the head taking the backbone width', () => {
    const model = TOYCLS_MODELS.build(classifierCfg);
    expect(model).toBeInstanceOf(ImageClassifier);
    const clf = model as ImageClassifier;
    expect(clf.backbone).toBeInstanceOf(SmallResNet);
    expect(clf.head).toBeInstanceOf(LinearClsHead);
    expect((clf.head as LinearClsHead).fc.inFeatures).toBe(8);
    // and from the root registry by its scoped name
    expect(MODELS.build({ ...classifierCfg, type: 'toycls.ImageClassifier' })).toBeInstanceOf(ImageClassifier);
  });

  it("returns [N, num_classes] logits in 'tensor' mode and scored samples in 'predict' mode", () => {
    const model = TOYCLS_MODELS.build(classifierCfg) as ImageClassifier;
    model.eval();
    const logits = tf.tidy(() => (model.forward(tf.zeros([4, 16, 16, 3]), null, 'tensor') as tf.Tensor).shape);
    expect(logits).toEqual([4, 3]);
    const input = tf.randomNormal([2, 16, 16, 3]);
    const preds = model.forward(input, null, 'predict') as Array<{ pred_score: number[]; pred_label: number }>;
    input.dispose();
    expect(preds).toHaveLength(2);
    for (const p of preds) {
      expect(p.pred_score).toHaveLength(3);
      expect(p.pred_score.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.pred_label).toBe(p.pred_score.indexOf(Math.max(...p.pred_score)));
    }
  });

  it('lowers its loss over a few SGD steps on a fixed batch', async () => {
    const model = TOYCLS_MODELS.build(classifierCfg) as ImageClassifier;
    await model.initWeights();
    // images whose brightness tells the class (with noise): a batch the model can fit in a few steps
    const classes = [0, 1, 2, 0, 1, 2, 0, 1];
    const inputs = tf.tidy(() =>
      tf.add(
        tf.randomNormal([8, 16, 16, 3], 0, 0.5, 'float32', 3),
        tf.reshape(tf.tensor1d(classes.map((c) => (c - 1) * 2)), [8, 1, 1, 1]),
      ),
    );
    const labels = samples(classes);
    const params = [...model.parameters()].filter((p) => p.trainable);
    const lossAt = () =>
      tf.tidy(() => {
        const losses = model.forward(inputs, labels, 'loss') as Record<string, tf.Tensor>;
        return (losses.loss as tf.Tensor).dataSync()[0] as number;
      });
    const first = lossAt();
    for (let step = 0; step < 8; step++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => (model.forward(inputs, labels, 'loss') as Record<string, tf.Scalar>).loss as tf.Scalar,
          params,
        );
        for (const p of params) {
          const g = grads[p.name];
          if (g) p.assign(tf.sub(p, tf.mul(g, 0.1)));
        }
      });
    }
    const last = lossAt();
    inputs.dispose();
    expect(last).toBeLessThan(first * 0.7);
  });

  it('refuses labels outside [0, num_classes)', () => {
    const model = TOYCLS_MODELS.build(classifierCfg) as ImageClassifier;
    expect(() => tf.tidy(() => model.forward(tf.zeros([1, 8, 8, 3]), samples([5]), 'loss') as never)).toThrow(
      /LinearClsHead: Target 5 is out of bounds \(sample 0\): labels must be whole numbers in \[0, 3\)/,
    );
  });
});
