// Training curves and the run report: scalars.json read into train and validation curves, grouped into charts;
// each chart a 1000x600 PNG drawn by chart.js with real lines in it; index.html with the final and best metrics,
// the config (escaped) and the facts; a work dir's newest run found, and errors that name what was expected.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transformer } from '@napi-rs/image';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScalarLog, renderRunReport, VisualizationError } from '../src/index';
import { planCharts } from '../src/plots/chart-plan';
import { PALETTE, renderChart } from '../src/plots/render-chart';
import { EPOCHS, ITERS_PER_EPOCH, INTERVAL, VAL, writeRun } from './plots-fixture';

const dir = mkdtempSync(join(tmpdir(), 'eng-plots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

async function decode(png: Uint8Array): Promise<Pixels> {
  const t = new Transformer(png);
  const { width, height } = await t.metadata();
  return { data: new Uint8Array(await t.rawPixels()), width, height };
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The pixels within `tolerance` of `hex`, as [x, y]. */
function pixelsOf(image: Pixels, hex: string, tolerance = 12): Array<[number, number]> {
  const [r, g, b] = rgb(hex);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < image.width * image.height; i++) {
    const o = i * 4;
    const d =
      Math.abs((image.data[o] as number) - r) +
      Math.abs((image.data[o + 1] as number) - g) +
      Math.abs((image.data[o + 2] as number) - b);
    if (d <= tolerance) out.push([i % image.width, Math.floor(i / image.width)]);
  }
  return out;
}

function nonWhite(image: Pixels): number {
  let n = 0;
  for (let o = 0; o < image.data.length; o += 4) {
    if ((image.data[o] as number) < 245 || (image.data[o + 1] as number) < 245 || (image.data[o + 2] as number) < 245)
      n++;
  }
  return n;
}

describe('scalars.json is read into train and validation curves', () => {
  it('puts train lines per iteration and validation lines per epoch, without the counters', async () => {
    const visData = await writeRun(dir, '20240101_000000');
    const log = parseScalarLog(readFileSync(join(visData, 'scalars.json'), 'utf8'));
    const perEpoch = ITERS_PER_EPOCH / INTERVAL;
    expect(log.counts).toEqual({ train: EPOCHS * perEpoch, val: EPOCHS, skipped: 0 });
    expect([...log.train.keys()].sort()).toEqual(
      ['data_time', 'grad_norm', 'loss', 'loss_bbox', 'loss_cls', 'lr', 'momentum', 'time'].sort(),
    );
    expect(
      log.train
        .get('loss')
        ?.map((p) => p.x)
        .slice(0, 3),
    ).toEqual([5, 10, 15]);
    expect(log.valUnit).toBe('epoch');
    expect(log.val.get('accuracy/top1')).toEqual(VAL.map((v, i) => ({ x: i + 1, y: v['accuracy/top1'] })));
    expect(log.lastVal?.['mAP']).toBe(0.4375);
    expect(log.maxIter).toBe(EPOCHS * ITERS_PER_EPOCH);
    expect(log.maxEpoch).toBe(EPOCHS);
  });

  it('skips a line cut short and leaves null (NaN) values out of the curve', () => {
    const log = parseScalarLog('{"loss": 1, "step": 1}\n{"loss": null, "step": 2}\n{"loss": 0.5, "st');
    expect(log.train.get('loss')).toEqual([{ x: 1, y: 1 }]);
    expect(log.counts.skipped).toBe(1);
  });

  it('calls validation steps iterations when they pass the last train epoch', () => {
    const log = parseScalarLog(
      '{"loss": 1, "iter": 100, "step": 100}\n{"loss": 1, "iter": 200, "step": 200}\n{"acc": 50, "step": 200}\n',
    );
    expect(log.valUnit).toBe('iteration');
  });
});

describe('the charts group the scalars', () => {
  it('draws all losses in one chart, lr on a log axis when it spans decades, metrics by their prefix', async () => {
    const visData = join(dir, '20240101_000000', 'vis_data');
    const charts = planCharts(parseScalarLog(readFileSync(join(visData, 'scalars.json'), 'utf8')));
    const byFile = new Map(charts.map((c) => [c.file, c]));
    expect([...byFile.keys()]).toEqual([
      'loss.png',
      'lr.png',
      'momentum.png',
      'time.png',
      'train_grad_norm.png',
      'val_accuracy.png',
      'val_mAP.png',
      'val_time.png',
    ]);
    expect(byFile.get('loss.png')?.series.map((s) => s.label)).toEqual(['loss', 'loss_cls', 'loss_bbox']);
    expect(byFile.get('loss.png')?.series.every((s) => s.smooth)).toBe(true);
    expect(byFile.get('lr.png')?.logY).toBe(true);
    expect(byFile.get('time.png')?.yLabel).toBe('seconds');
    expect(byFile.get('val_accuracy.png')?.series.map((s) => s.label)).toEqual(['accuracy/top1', 'accuracy/top5']);
    expect(byFile.get('val_accuracy.png')?.xLabel).toBe('epoch');
  });

  it('keeps lr linear when it stays within two decades, and leaves out charts without data', () => {
    const charts = planCharts(
      parseScalarLog('{"lr": 0.1, "loss": 2, "step": 1}\n{"lr": 0.01, "loss": 1, "step": 2}\n'),
    );
    expect(charts.map((c) => c.file)).toEqual(['loss.png', 'lr.png']);
    expect(charts[1]?.logY).toBeUndefined();
  });
});

describe('a chart is a PNG with the lines drawn', () => {
  it('is 1000x600 on white, and a rising line runs from low left to high right in the first colour', async () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ x: i + 1, y: i * i }));
    const png = await renderChart({
      file: 'rise.png',
      title: 'Rising',
      xLabel: 'iteration',
      yLabel: 'value',
      xUnit: 'iteration',
      series: [{ label: 'value', points }],
    });
    const image = await decode(png);
    expect([image.width, image.height]).toEqual([1000, 600]);
    // The corners are the white background, not transparent.
    expect([...image.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    const line = pixelsOf(image, PALETTE[0]);
    expect(line.length).toBeGreaterThan(1000);
    const xs = line.map(([x]) => x);
    const left = line.filter(([x]) => x < Math.min(...xs) + 50);
    const right = line.filter(([x]) => x > Math.max(...xs) - 50);
    const meanY = (ps: Array<[number, number]>) => ps.reduce((s, [, y]) => s + y, 0) / ps.length;
    expect(meanY(left)).toBeGreaterThan(meanY(right) + 300); // image y grows downwards
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(800);
  });

  it('draws each series in its own colour, and the text in dark grey', async () => {
    const png = await renderChart({
      file: 'two.png',
      title: 'Two',
      xLabel: 'epoch',
      yLabel: 'accuracy',
      xUnit: 'epoch',
      series: [
        {
          label: 'a',
          points: [
            { x: 1, y: 1 },
            { x: 2, y: 2 },
          ],
        },
        {
          label: 'b',
          points: [
            { x: 1, y: 2 },
            { x: 2, y: 1 },
          ],
        },
      ],
    });
    const image = await decode(png);
    expect(pixelsOf(image, PALETTE[0]).length).toBeGreaterThan(500);
    expect(pixelsOf(image, PALETTE[1]).length).toBeGreaterThan(500);
    expect(pixelsOf(image, '#333333', 60).length).toBeGreaterThan(100);
  });
});

describe('renderRunReport writes the PNGs and index.html beside scalars.json', () => {
  it('finds the newest run of a work dir, and the page lists the final and best metrics and the config', async () => {
    const work = join(dir, 'work');
    await writeRun(work, '20240101_000000');
    const visData = await writeRun(work, '20240102_000000', "model = dict(type='<script>alert(1)</script>')\n");
    const report = await renderRunReport(work);
    expect(report.visDataDir).toBe(visData);
    expect(report.files.at(-1)).toBe(join(visData, 'index.html'));
    expect(report.files.filter((f) => f.endsWith('.png'))).toHaveLength(8);
    for (const file of report.files.filter((f) => f.endsWith('.png'))) {
      const image = await decode(readFileSync(file));
      expect([image.width, image.height]).toEqual([1000, 600]);
      expect(nonWhite(image)).toBeGreaterThan(5000);
      expect(pixelsOf(image, PALETTE[0]).length).toBeGreaterThan(300);
    }
    const html = readFileSync(report.index, 'utf8');
    const row = (metric: string) => html.match(new RegExp(`<tr><td>${metric}</td>(.*?)</tr>`))?.[1] ?? '';
    // final (epoch 4), best, best at epoch
    expect(row('accuracy/top1')).toBe('<td class="num">88.0625</td><td class="num">91.375</td><td class="num">3</td>');
    expect(row('mAP')).toBe('<td class="num">0.4375</td><td class="num">0.4375</td><td class="num">4</td>');
    expect(html).toContain('final (epoch 4)');
    expect(html).not.toContain('<tr><td>time</td>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<img src="loss.png"');
    expect(html).toContain('href="../20240102_000000.log"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('takes a vis_data folder, a scalars file and an out_dir', async () => {
    const visData = join(dir, 'work', '20240101_000000', 'vis_data');
    const out = join(dir, 'out');
    const report = await renderRunReport(join(visData, 'scalars.json'), { out_dir: out, width: 640, height: 400 });
    expect(report.visDataDir).toBe(visData);
    expect(report.files[0]).toBe(join(out, 'loss.png'));
    const image = await decode(readFileSync(join(out, 'lr.png')));
    expect([image.width, image.height]).toEqual([640, 400]);
  });

  it('says where it looked and which runs it found when there is no scalars.json', async () => {
    const work = join(dir, 'no-scalars');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(work, '20240103_000000', 'vis_data'), { recursive: true });
    writeFileSync(join(work, '20240103_000000', 'vis_data', 'config.py'), '');
    const error = await renderRunReport(work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VisualizationError);
    expect((error as VisualizationError).code).toBe('NO_SCALARS');
    expect((error as Error).message).toContain(`no scalars.json found under "${work}"`);
    expect((error as Error).message).toContain('runs found without scalars.json: 20240103_000000');
    const missing = await renderRunReport(join(dir, 'nowhere')).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/nowhere" does not exist; expected a work dir/);
    await expect(renderRunReport(work, { width: 5 } as never)).rejects.toThrow(/width/);
  });
});
