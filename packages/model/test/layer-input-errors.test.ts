import { MODELS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BaseModule,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Embedding,
  GroupNorm,
  LayerNorm,
  Linear,
  MaxPool2d,
  ModelError,
  Sequential,
  type SmallCNN,
} from '../src';

const made: Array<BaseModule | tf.Tensor> = [];
function keep<T extends BaseModule | tf.Tensor>(x: T): T {
  made.push(x);
  return x;
}
afterEach(() => {
  for (const x of made.splice(0)) x.dispose();
});

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('a layer given the wrong input names itself by its dotted name and both shapes', () => {
  it("SmallCNN's first Linear, reached through a forward before anything walked the model", () => {
    // 32×32 images into a net built for 28×28 inputs: the flattened features do not fit classifier.1
    const model = keep(MODELS.build<SmallCNN>({ type: 'SmallCNN', num_classes: 10 }));
    const x = keep(tf.zeros([64, 32, 32, 1]));
    const err = thrown(() => model.forward(x, undefined, 'tensor'));
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('BAD_INPUT_SHAPE');
    expect(err.message).toBe('Linear "classifier.1" expects 784 input features, got 1024 (input shape [64, 1024])');
  });

  it('a nested layer of a plain module tree, once the tree has been walked', () => {
    class Net extends BaseModule {
      backbone = new Sequential(new Linear({ in_features: 4, out_features: 8 }));
      head = new Sequential(
        new Linear({ in_features: 8, out_features: 2 }),
        new Linear({ in_features: 2, out_features: 1 }),
      );
    }
    const net = keep(new Net());
    net.eval(); // walks the tree, as initWeights, parameters() or an optimizer do
    const x = keep(tf.zeros([3, 5]));
    expect(() => net.backbone.forward(x)).toThrow(
      'Linear "backbone.0" expects 4 input features, got 5 (input shape [3, 5])',
    );
    expect(() => net.head.forward(x)).toThrow('Linear "head.0" expects 8 input features, got 5');
  });

  it('a layer on its own is named by its class', () => {
    const fc = keep(new Linear({ in_features: 784, out_features: 10 }));
    const x = keep(tf.zeros([64, 144]));
    expect(() => fc.forward(x)).toThrow('Linear expects 784 input features, got 144 (input shape [64, 144])');
    expect(() => fc.forward(keep(tf.scalar(1)))).toThrow('Linear expects 784 input features, got a scalar');
    expect(() => fc.forward(undefined as never)).toThrow(TypeError);
    expect(() => fc.forward(undefined as never)).toThrow('Linear expects a tf.Tensor input, got undefined');
  });

  it('Conv2d: rank, channels (with a hint for NCHW inputs) and a kernel larger than the input', () => {
    const net = keep(new Sequential(new Conv2d({ in_channels: 3, out_channels: 4, kernel_size: 3 })));
    const conv = net.get(0);
    const rank3 = keep(tf.zeros([8, 8, 3]));
    const e1 = thrown(() => conv.forward(rank3));
    expect((e1 as ModelError).code).toBe('BAD_INPUT_RANK');
    expect(e1.message).toBe('Conv2d "0" expects a NHWC input of rank 4, got shape [8, 8, 3]');
    const nchw = keep(tf.zeros([2, 3, 16, 16]));
    expect(() => conv.forward(nchw)).toThrow(
      'Conv2d "0" expects 3 input channels on the last axis (NHWC), got 16 (input shape [2, 3, 16, 16]); ' +
        'this looks like an NCHW input: eng layers take NHWC (x.transpose([0, 2, 3, 1]))',
    );
    const tiny = keep(tf.zeros([1, 2, 2, 3]));
    expect(() => conv.forward(tiny)).toThrow(
      'Conv2d "0": the kernel 3×3 is larger than the padded input 2×2 (input shape [1, 2, 2, 3], NHWC)',
    );
  });

  it('BatchNorm1d / BatchNorm2d: rank and num_features', () => {
    class Net extends BaseModule {
      bn1 = new BatchNorm1d({ num_features: 4 });
      bn2 = new BatchNorm2d({ num_features: 4 });
    }
    const net = keep(new Net());
    [...net.modules()];
    expect(() => net.bn1.forward(keep(tf.zeros([2, 3, 4, 4])))).toThrow(
      'BatchNorm1d "bn1" expects a NC or NLC input of rank 2 or 3, got shape [2, 3, 4, 4]',
    );
    expect(() => net.bn1.forward(keep(tf.zeros([2, 5])))).toThrow(
      'BatchNorm1d "bn1" expects 4 channels on the last axis (num_features), got 5 (input shape [2, 5])',
    );
    expect(() => net.bn2.forward(keep(tf.zeros([2, 4, 4, 3])))).toThrow(
      'BatchNorm2d "bn2" expects 4 channels on the last axis (num_features), got 3 (input shape [2, 4, 4, 3])',
    );
  });

  it('LayerNorm and GroupNorm', () => {
    class Net extends BaseModule {
      ln = new LayerNorm({ normalized_shape: [4, 8] });
      gn = new GroupNorm({ num_groups: 2, num_channels: 8 });
    }
    const net = keep(new Net());
    [...net.modules()];
    expect(() => net.ln.forward(keep(tf.zeros([2, 8, 4])))).toThrow(
      'LayerNorm "ln" expects an input whose last 2 axes are [4, 8] (normalized_shape), got shape [2, 8, 4]',
    );
    expect(() => net.gn.forward(keep(tf.zeros([2, 4, 4, 6])))).toThrow(
      'GroupNorm "gn" expects 8 channels on the last axis (num_channels), got 6 (input shape [2, 4, 4, 6])',
    );
    expect(() => net.gn.forward(keep(tf.zeros([8])))).toThrow(
      'GroupNorm "gn" expects an input of rank 2 or more ([N, ..., C]), got shape [8]',
    );
  });

  it('Embedding: indices outside [0, num_embeddings) and fractional indices, as PyTorch refuses them', () => {
    class Net extends BaseModule {
      embed = new Embedding({ num_embeddings: 10, embedding_dim: 3 });
    }
    const net = keep(new Net());
    [...net.modules()];
    const big = keep(
      tf.tensor2d(
        [
          [1, 2],
          [10, 3],
        ],
        undefined,
        'int32',
      ),
    );
    const e1 = thrown(() => net.embed.forward(big));
    expect((e1 as ModelError).code).toBe('INDEX_OUT_OF_RANGE');
    expect(e1.message).toBe(
      'Embedding "embed": index 10 at flat position 2 of the input (shape [2, 2]) is out of range: ' +
        'num_embeddings is 10, so indices must be in [0, 10)',
    );
    expect(() => net.embed.forward(keep(tf.tensor1d([0, -1], 'int32')))).toThrow(/index -1 at flat position 1/);
    const frac = keep(tf.tensor1d([1, 2.5]));
    const e2 = thrown(() => net.embed.forward(frac));
    expect((e2 as ModelError).code).toBe('BAD_INDEX');
    expect(e2.message).toMatch(/Embedding "embed" got 2.5 at flat position 1 .* whole numbers in \[0, 10\)/);
    // whole-number floats still work
    expect(keep(net.embed.forward(keep(tf.tensor1d([0, 9])))).shape).toEqual([2, 3]);
  });

  it('pooling: rank and a window larger than the input', () => {
    class Net extends BaseModule {
      max = new MaxPool2d({ kernel_size: 3 });
      avg = new AvgPool2d({ kernel_size: 2 });
      adaptive = new AdaptiveAvgPool2d({ output_size: 1 });
    }
    const net = keep(new Net());
    [...net.modules()];
    const flat = keep(tf.zeros([2, 16]));
    expect(() => net.max.forward(flat)).toThrow('MaxPool2d "max" expects a NHWC input of rank 4, got shape [2, 16]');
    expect(() => net.avg.forward(flat)).toThrow('AvgPool2d "avg" expects a NHWC input of rank 4, got shape [2, 16]');
    expect(() => net.adaptive.forward(flat)).toThrow(
      'AdaptiveAvgPool2d "adaptive" expects a NHWC input of rank 4, got shape [2, 16]',
    );
    expect(() => net.max.forward(keep(tf.zeros([1, 2, 2, 1])))).toThrow(
      'MaxPool2d "max": the kernel 3×3 is larger than the padded input 2×2 (input shape [1, 2, 2, 1], NHWC)',
    );
  });

  it('a module replaced after the first step is named by its new place', () => {
    const model = keep(MODELS.build<SmallCNN>({ type: 'SmallCNN', num_classes: 10 }));
    const ok = keep(model.forward(keep(tf.zeros([2, 28, 28, 1])), undefined, 'tensor') as tf.Tensor);
    expect(ok.shape).toEqual([2, 10]);
    model.classifier.set(3, new Linear({ in_features: 32, out_features: 10 }));
    expect(() => model.forward(keep(tf.zeros([2, 28, 28, 1])), undefined, 'tensor')).toThrow(
      'Linear "classifier.3" expects 32 input features, got 64',
    );
  });
});
