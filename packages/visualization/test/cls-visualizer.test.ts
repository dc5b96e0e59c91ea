// ClsVisualizer.addDatasample: the image resized to a short edge of 224, the ground truth and prediction written on
// it (the prediction green when right, red when wrong, class names from the dataset's metainfo), stored through the
// backends as vis_image/{name}_{step}.png or written to out_file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transformer } from '@napi-rs/image';
import { VISUALIZERS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClsVisualizer, VisualizationError } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'eng-cls-vis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

let n = 0;
const digit = () => ({ data: new Uint8Array(28 * 28).fill(30), width: 28, height: 28, channels: 1 as const });

async function decode(file: string) {
  const t = new Transformer(readFileSync(file));
  const { width, height } = await t.metadata();
  return { data: new Uint8Array(await t.rawPixels()), width, height };
}

/** How many pixels are close to `rgb`. */
function count(image: { data: Uint8Array }, rgb: readonly [number, number, number], tolerance = 40): number {
  let k = 0;
  for (let o = 0; o < image.data.length; o += 4) {
    const d = rgb.reduce((sum, c, i) => sum + Math.abs((image.data[o + i] as number) - c), 0);
    if (d <= tolerance) k++;
  }
  return k;
}

describe('ClsVisualizer', () => {
  it('writes the prediction in green when it is right and red when it is wrong', async () => {
    const vis = VISUALIZERS.build({ type: 'ClsVisualizer', name: `cls-${n++}` }) as ClsVisualizer;
    vis.datasetMeta = { classes: ['zero', 'one', 'two', 'three'] };
    const right = join(dir, 'right.png');
    const wrong = join(dir, 'wrong.png');
    await vis.addDatasample(
      'd',
      digit(),
      { gt_label: 3, pred_label: 3, pred_score: [0.1, 0.1, 0.1, 0.7] },
      { out_file: right },
    );
    const score = tf.tensor1d([0.2, 0.6, 0.1, 0.1]);
    await vis.addDatasample(
      'd',
      digit(),
      { gt_label: { label: [3] }, pred_label: 1, pred_score: score },
      { out_file: wrong },
    );
    score.dispose();
    const a = await decode(right);
    const b = await decode(wrong);
    expect([a.width, a.height]).toEqual([224, 224]);
    expect(count(a, [0, 255, 0])).toBeGreaterThan(30);
    expect(count(a, [255, 0, 0])).toBe(0);
    expect(count(b, [255, 0, 0])).toBeGreaterThan(30);
    expect(count(b, [0, 255, 0])).toBe(0);
    // the ground-truth line is white on the dark box; the rest of the image is the digit's gray
    expect(count(a, [255, 255, 255])).toBeGreaterThan(30);
    expect(count(a, [30, 30, 30], 3)).toBeGreaterThan(224 * 224 * 0.6);
  });

  it('stores the drawing through its backends under vis_image/{name}_{step}.png', async () => {
    const vis = new ClsVisualizer({
      name: `cls-${n++}`,
      vis_backends: [{ type: 'LocalVisBackend' }],
      save_dir: dir,
      resize: null,
    });
    await vis.addDatasample('val_0', digit(), { gt_label: 0 }, { step: 2, draw_pred: false });
    await vis.close();
    const file = join(dir, 'vis_data', 'vis_image', 'val_0_2.png');
    expect(existsSync(file)).toBe(true);
    const image = await decode(file);
    expect([image.width, image.height]).toEqual([28, 28]);
  });

  it('says what a data sample needs', () => {
    const vis = new ClsVisualizer({ name: `cls-${n++}` });
    expect(() => vis.addDatasample('x', digit(), { labels: 1 } as never)).toThrow(VisualizationError);
    expect(() => vis.addDatasample('x', digit(), { labels: 1 } as never)).toThrow(/neither gt_label nor pred_label/);
  });
});
