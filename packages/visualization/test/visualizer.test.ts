// The Visualizer and LocalVisBackend: MMEngine's layout (vis_data/scalars.json lines with step, the file_path copy,
// vis_image PNGs, the config), backend names, save_dir precedence, ManagerMixin instances, any fileio backend.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transformer } from '@napi-rs/image';
import { exists, getText } from '@eng/fileio';
import { captureLog } from '@eng/logging/test';
import { VISBACKENDS, VISUALIZERS } from '@eng/registry';
import { initBackend, tf } from '@eng/tensor-gpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalVisBackend, Visualizer, VisualizationError } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'eng-vis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});
let n = 0;
const name = () => `vis-test-${n++}`;

describe('LocalVisBackend through a Visualizer', () => {
  it('appends one JSON object a line with step, and to file_path as well', async () => {
    const vis = new Visualizer({ name: name(), vis_backends: [{ type: 'LocalVisBackend' }], save_dir: join(dir, 'a') });
    await vis.addScalars({ loss: 0.25, 'accuracy/top1': 90 }, 3, 'run.json');
    await vis.addScalar('lr', 0.001, 4);
    await vis.close();
    const lines = readFileSync(join(dir, 'a', 'vis_data', 'scalars.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { loss: 0.25, 'accuracy/top1': 90, step: 3 },
      { lr: 0.001, step: 4 },
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'vis_data', 'run.json'), 'utf8'))).toEqual({
      loss: 0.25,
      'accuracy/top1': 90,
      step: 3,
    });
  });

  it('writes images as PNGs that decode to the same pixels', async () => {
    const vis = new Visualizer({ name: name(), vis_backends: [{ type: 'LocalVisBackend' }], save_dir: join(dir, 'b') });
    const data = new Uint8Array(4 * 3 * 3).map((_, i) => (i * 17) % 256);
    await vis.addImage('sample', { data, width: 4, height: 3, channels: 3 }, 7);
    const fromTensor = tf.tensor3d(Array.from(data), [3, 4, 3], 'int32');
    await vis.addImage('tensor', fromTensor, 8);
    fromTensor.dispose();
    await vis.close();
    for (const file of ['sample_7.png', 'tensor_8.png']) {
      const png = readFileSync(join(dir, 'b', 'vis_data', 'vis_image', file));
      const decoded = await new Transformer(png).rawPixels();
      expect(decoded.length).toBe(4 * 3 * 4); // RGBA
      expect(decoded[0]).toBe(data[0]);
      expect(decoded[4 + 1]).toBe(data[3 + 1]);
    }
  });

  it('dumps the config with its own dump, or as JSON', async () => {
    const vis = new Visualizer({ name: name(), vis_backends: [{ type: 'LocalVisBackend' }], save_dir: join(dir, 'c') });
    await vis.addConfig({ model: { type: 'MLP' } });
    await vis.close();
    const files = await getText(join(dir, 'c', 'vis_data', 'config.json')).catch(() => undefined);
    expect(files === undefined ? undefined : JSON.parse(files)).toEqual({ model: { type: 'MLP' } });
  });

  it('works on any fileio backend (memory://)', async () => {
    const vis = new Visualizer({
      name: name(),
      vis_backends: [{ type: 'LocalVisBackend' }],
      save_dir: 'memory://vis-mem',
    });
    await vis.addScalars({ a: 1 }, 1);
    await vis.addScalars({ a: 2 }, 2);
    await vis.close();
    expect(await getText('memory://vis-mem/vis_data/scalars.json')).toBe('{"a": 1, "step": 1}\n{"a": 2, "step": 2}\n');
  });
});

describe('Visualizer', () => {
  it('names backends, refuses two with one name, and finds them with getBackend', () => {
    const vis = new Visualizer({
      name: name(),
      vis_backends: [
        { type: 'LocalVisBackend', name: 'one' },
        { type: 'LocalVisBackend', name: 'two', save_dir: join(dir, 'own') },
      ],
      save_dir: join(dir, 'd'),
    });
    expect(vis.getBackend('one')).toBeInstanceOf(LocalVisBackend);
    expect((vis.getBackend('two') as LocalVisBackend).saveDir).toBe(join(dir, 'own'));
    expect((vis.getBackend('one') as LocalVisBackend).saveDir).toBe(join(dir, 'd', 'vis_data'));
    expect(
      () =>
        new Visualizer({
          name: name(),
          vis_backends: [
            { type: 'LocalVisBackend', name: 'x' },
            { type: 'LocalVisBackend', name: 'x' },
          ],
          save_dir: dir,
        }),
    ).toThrow(VisualizationError);
  });

  it('a LocalVisBackend without any save_dir is skipped with a warning that says where to give one (MMEngine)', () => {
    const lines = captureLog();
    const vis = new Visualizer({ name: name(), vis_backends: [{ type: 'LocalVisBackend' }] });
    expect(vis.visBackends.size).toBe(0);
    expect(lines.join('\n')).toMatch(/Failed to add LocalVisBackend \(vis_backends\[0\]\): it needs save_dir/);
  });

  it('is a ManagerMixin: getInstance by name, getCurrentInstance the latest', () => {
    const key = name();
    const a = Visualizer.getInstance(key, { save_dir: dir });
    expect(Visualizer.getInstance(key)).toBe(a);
    expect(Visualizer.getCurrentInstance()).toBe(a);
    expect(VISUALIZERS.get('Visualizer')).toBe(Visualizer);
    expect(VISBACKENDS.get('LocalVisBackend')).toBe(LocalVisBackend);
  });

  it('setImage / getImage keep a copy of the image in RGB', () => {
    const vis = new Visualizer({ name: name() });
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    vis.setImage({ data, width: 2, height: 1, channels: 3 });
    data[0] = 99;
    const image = vis.getImage();
    expect(image.width).toBe(2);
    expect(image.channels).toBe(3);
    expect(image.data[0]).toBe(1);
  });

  it('writes nothing before the first add (lazy init)', async () => {
    const vis = new Visualizer({
      name: name(),
      vis_backends: [{ type: 'LocalVisBackend' }],
      save_dir: join(dir, 'lazy'),
    });
    await vis.close();
    expect(await exists(join(dir, 'lazy', 'vis_data', 'scalars.json'))).toBe(false);
  });
});
