import { MODELS } from '@eng/registry';
import { BaseDataElement } from '@eng/structures';
import { tf } from '@eng/tensor-gpu';
import { afterEach, describe, expect, it } from 'vitest';
import { type MLP, ModelError } from '../src';
import { inlineSgd } from '../src/test';

const made: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const x of made.splice(0)) x.dispose();
});

function mlp(numClasses: number): MLP {
  const model = MODELS.build<MLP>({ type: 'MLP', in_features: 4, hidden_channels: [8], num_classes: numClasses });
  made.push(model);
  return model;
}

function batch(labels: unknown): { inputs: tf.Tensor; data_samples: unknown } {
  const inputs = tf.randomUniform([Array.isArray(labels) ? labels.length : 4, 4]);
  made.push(inputs);
  return { inputs, data_samples: labels };
}

/** The error `fn` throws (fails the test when it throws none). */
function thrown(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (e) {
    return e as ModelError;
  }
  throw new Error('expected an error');
}

describe('classifier losses refuse labels outside [0, num_classes), as PyTorch cross_entropy does', () => {
  it('a label of 7 with 5 classes: "Target 7 is out of bounds", and the weights stay untouched', () => {
    const model = mlp(5);
    const before = Array.from(model.head.weight.dataSync());
    const samples = [0, 1, 7, 2].map((l) => new BaseDataElement({ gt_label: l }));
    const err = thrown(() => model.trainStep(batch(samples), inlineSgd(model, 0.1)));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.code).toBe('LABEL_OUT_OF_RANGE');
    expect(err.message).toBe(
      'MLP: Target 7 is out of bounds (sample 2): labels must be whole numbers in [0, 5) (num_classes 5)',
    );
    expect(Array.from(model.head.weight.dataSync())).toEqual(before);
  });

  it('negative labels, labels from an int tensor', () => {
    const model = mlp(3);
    const labels = tf.tensor1d([0, -1, 2, 1], 'int32');
    made.push(labels);
    expect(() => model.forward(batch([0, 0, 0, 0]).inputs, labels, 'loss')).toThrow(
      'MLP: Target -1 is out of bounds (sample 1)',
    );
    // PyTorch's default ignore_index (-100) is out of bounds here: the loss has no ignore_index
    expect(() => model.forward(batch([0, 0]).inputs, [0, -100], 'loss')).toThrow(/Target -100 is out of bounds/);
  });

  it('fractional labels (a float tensor) are not class indices', () => {
    const model = mlp(3);
    const labels = tf.tensor1d([0, 1.5, 2, 1]);
    made.push(labels);
    const err = thrown(() => model.forward(batch([0, 0, 0, 0]).inputs, labels, 'loss'));
    expect(err.code).toBe('BAD_LABELS');
    expect(err.message).toBe(
      'MLP: target 1.5 of sample 1 is not a class index: labels must be whole numbers in [0, 3) (num_classes 3)',
    );
  });

  it('one label per sample', () => {
    const model = mlp(3);
    const err = thrown(() => model.forward(batch([0, 0, 0, 0]).inputs, [0, 1, 2], 'loss'));
    expect(err.code).toBe('BAD_LABELS');
    expect(err.message).toBe('MLP: got 3 labels for a batch of 4 (logits shape [4, 3])');
  });

  it('labels in range train as before', () => {
    const model = mlp(3);
    const logVars = model.trainStep(batch([0, 1, 2, 1]), inlineSgd(model, 0.1));
    expect(logVars.loss).toBeGreaterThan(0);
    expect(logVars.loss).toBeLessThan(5);
  });
});
