import { join } from 'node:path';
import { HOOKS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { Visualizer } from '@eng/visualization';
import { describe, expect, it } from 'vitest';
import { VisualizationHook } from '../src/index';
import { toyRunner } from './helpers/toy';

interface Call {
  name: string;
  image: unknown;
  sample: unknown;
  options: Record<string, unknown>;
}

let visualizerCount = 0;

/** A visualizer that records what the hook asks it to draw (the base Visualizer draws nothing). */
class RecordingVisualizer extends Visualizer {
  readonly calls: Call[] = [];
  override async addDatasample(name: string, image: unknown, sample?: unknown, options: object = {}): Promise<void> {
    const shape = (image as tf.Tensor | undefined)?.shape;
    this.calls.push({ name, image: shape ?? image, sample, options: { ...options } });
  }
}

const recorder = () => new RecordingVisualizer({ name: `recording-${visualizerCount++}` });

describe('VisualizationHook', () => {
  it('draws the first num_samples validation samples every interval epochs, stepped by epoch', async () => {
    const visualizer = recorder();
    const runner = toyRunner({
      visualizer,
      train_cfg: { by_epoch: true, max_epochs: 4, val_interval: 1 },
      custom_hooks: [{ type: 'VisualizationHook', interval: 2, num_samples: 6, draw_gt: false }],
    });
    await runner.train();
    await runner.close();
    // validation every epoch, drawing only at epochs 2 and 4; 6 samples span both val batches of 4
    expect(visualizer.calls.map((c) => c.options['step'])).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4]);
    expect(visualizer.calls.slice(0, 6).map((c) => c.name)).toEqual([
      'val_sample_0',
      'val_sample_1',
      'val_sample_2',
      'val_sample_3',
      'val_sample_4',
      'val_sample_5',
    ]);
    // the 5th sample is the first of the second batch: its input and its prediction
    const fifth = visualizer.calls[4] as Call;
    expect(fifth.image).toBeCloseTo(4 / 8);
    expect((fifth.sample as { gt: number }).gt).toBeCloseTo(2 * (4 / 8) - 1);
    expect(fifth.options).toMatchObject({ draw_gt: false, draw_pred: true, pred_score_thr: 0.3 });
    expect(fifth.options['out_file']).toBeUndefined();
  });

  it('in runner.test(), draws every test sample into test_out_dir of the log dir', async () => {
    const visualizer = recorder();
    const runner = toyRunner({
      visualizer,
      test_dataloader: (await import('./helpers/toy')).toyLoader(2, 3),
      test_cfg: {},
      test_evaluator: { type: 'ToyMeanError' },
      custom_hooks: [{ type: 'VisualizationHook', test_out_dir: 'vis' }],
    });
    await runner.test();
    await runner.close();
    expect(visualizer.calls.map((c) => c.name)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `test_sample_${i}`));
    expect(visualizer.calls.map((c) => c.options['out_file'])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => join(runner.logDir, 'vis', `sample_${i}.png`)),
    );
  });

  it('draws nothing with draw: false, and nothing in test without test_out_dir', async () => {
    const visualizer = recorder();
    const runner = toyRunner({ visualizer, custom_hooks: [{ type: 'VisualizationHook', draw: false }] });
    await runner.train();
    await runner.close();
    expect(visualizer.calls).toEqual([]);
  });

  it('names a sample after its img_path and slices a batched tensor, disposing the slices', async () => {
    const visualizer = recorder();
    const hook = new VisualizationHook({ num_samples: 2 });
    const runner = { hasTrainLoop: false, epoch: 0, visualizer } as never;
    const inputs = tf.zeros([3, 5, 7, 1]);
    const before = tf.memory().numTensors;
    const samples = [{ metainfo: { img_path: 'data/a/cat.jpg' } }, { metainfo: {} }, { metainfo: {} }];
    hook.beforeValEpoch();
    await hook.afterValIter(runner, 0, { inputs, data_samples: samples }, samples);
    expect(visualizer.calls.map((c) => [c.name, c.image])).toEqual([
      ['val_cat.jpg', [5, 7, 1]],
      ['val_sample_1', [5, 7, 1]],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
  });

  it('is in HOOKS with a strict options schema', () => {
    expect(HOOKS.get('VisualizationHook')).toBe(VisualizationHook);
    expect(() => HOOKS.build({ type: 'VisualizationHook', intreval: 2 } as never)).toThrow(/intreval[\s\S]*interval/);
  });
});
