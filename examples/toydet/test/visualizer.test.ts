import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transformer } from '@napi-rs/image';
import { VISUALIZERS } from '@eng/registry';
import { InstanceData } from '@eng/structures';
import { beforeAll, describe, expect, it } from 'vitest';
import { DetLocalVisualizer } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

const W = 100;
const H = 100;

function blackImage() {
  return { data: new Uint8Array(W * H * 3), width: W, height: H, channels: 3 };
}

function pixel(img: { data: Uint8Array; width: number }, x: number, y: number): number[] {
  const at = (y * img.width + x) * 3;
  return [...img.data.subarray(at, at + 3)];
}

const sample = {
  gt_instances: new InstanceData({ bboxes: [[10, 30, 40, 70]], labels: [0] }),
  pred_instances: new InstanceData({
    bboxes: [
      [55, 30, 90, 70],
      [10, 85, 30, 95],
    ],
    scores: [0.9, 0.1],
    labels: [1, 0],
  }),
};

describe('DetLocalVisualizer', () => {
  it('draws gt boxes in gt_color and predictions above pred_score_thr in pred_color', () => {
    const vis = VISUALIZERS.build({
      type: 'toydet.DetLocalVisualizer',
      name: `det-vis-${process.pid}-1`,
      min_size: null,
    }) as DetLocalVisualizer;
    vis.datasetMeta = { classes: ['rectangle', 'ellipse'] };
    vis.addDatasample('sample', blackImage(), sample, { pred_score_thr: 0.3 });
    const drawn = vis.getImage();
    expect([drawn.width, drawn.height]).toEqual([W, H]);
    // left edge of the gt box, halfway down: lime
    expect(pixel(drawn, 10, 50)).toEqual([0, 255, 0]);
    // right edge of the prediction: red
    expect(pixel(drawn, 90, 50)).toEqual([255, 0, 0]);
    // inside the boxes nothing is filled
    expect(pixel(drawn, 25, 50)).toEqual([0, 0, 0]);
    // the prediction scoring 0.1 is not drawn
    expect(pixel(drawn, 10, 90)).toEqual([0, 0, 0]);
  });

  it('draws only what draw_gt / draw_pred ask for, and scales small images up', () => {
    const vis = new DetLocalVisualizer({ name: `det-vis-${process.pid}-2`, min_size: 200 });
    vis.addDatasample('sample', blackImage(), sample, { draw_gt: false });
    const drawn = vis.getImage();
    expect([drawn.width, drawn.height]).toEqual([200, 200]);
    expect(pixel(drawn, 20, 100)).toEqual([0, 0, 0]);
    expect(pixel(drawn, 180, 100)).toEqual([255, 0, 0]);
  });

  it('writes out_file as a PNG with the drawing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toydet-vis-'));
    const file = join(dir, 'nested', 'drawn.png');
    const vis = new DetLocalVisualizer({ name: `det-vis-${process.pid}-3`, min_size: null });
    await vis.addDatasample('sample', blackImage(), sample, { out_file: file });
    const png = new Transformer(readFileSync(file));
    const { width, height } = await png.metadata();
    expect([width, height]).toEqual([W, vis.getImage().height]);
    const rgba = new Uint8Array(await png.rawPixels());
    const at = (50 * W + 10) * 4;
    expect([...rgba.subarray(at, at + 3)]).toEqual([0, 255, 0]);
  });
});
