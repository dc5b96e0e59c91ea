// @eng/logging's MessageHub and LogProcessor with real TensorFlow.js tensors (the CPU backend), as a model reports
// its losses. It lives here because @eng/logging sits below this package and may not import TensorFlow.js itself.
import { LogProcessor, MessageHub } from '@eng/logging';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/tf';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TensorFlow.js values in the message hub and the log processor', () => {
  it('updateScalar reads 0-d and one-element tensors back to numbers', () => {
    const hub = MessageHub.getInstance('tfjs-scalars');
    const loss = tf.tidy(() => tf.tensor1d([0.5, 1.5]).mean());
    hub.updateScalar('train/loss', loss);
    hub.updateScalar('train/loss', tf.tensor1d([2]));
    hub.updateScalars({ 'train/acc': tf.scalar(0.25), 'train/loss_iou': { value: tf.scalar(3), count: 2 } });
    expect(hub.getScalar('train/loss').data[0]).toEqual([1, 2]);
    expect(hub.getScalar('train/acc').current()).toBe(0.25);
    expect(hub.getScalar('train/loss_iou').mean()).toBe(1.5);
    expect(() => hub.updateScalar('train/loss', tf.tensor1d([1, 2]))).toThrow(/exactly one element/);
  });

  it('a tensor metric prints on its own lines after an epoch', () => {
    const hub = MessageHub.getInstance('tfjs-metrics');
    hub.updateScalar('val/accuracy', tf.scalar(0.5));
    hub.updateInfo('val/confusion', tf.tensor1d([1, 2, 3], 'int32'));
    const runner = {
      messageHub: hub,
      iter: 0,
      epoch: 1,
      maxIters: 1,
      maxEpochs: 1,
      valLoop: { dataloader: { length: 4 } },
    };
    const [tag, line] = new LogProcessor().getLogAfterEpoch(runner, 3, 'val', true);
    expect(line).toBe('Epoch(val) [0][4/4]    accuracy: 0.5000  confusion: \nTensor\n    [1, 2, 3]\n');
    expect(tag['confusion']).toBeInstanceOf(tf.Tensor);
  });
});
