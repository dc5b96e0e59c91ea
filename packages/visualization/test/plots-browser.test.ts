// The run report renders in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core, no
// browser download) opens index.html from file://, every chart image loads, the final metrics table reads right,
// and nothing is fetched from the network. Skips, naming the Debian package, where Chromium is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Transformer } from '@napi-rs/image';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '../src/index';
import { writeRun } from './plots-fixture';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`plots-browser: ${CHROMIUM} is missing; install the Debian package \`chromium\` to run this test`);
}

const dir = mkdtempSync(join(tmpdir(), 'eng-plots-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('index.html in headless Chromium', () => {
  it.skipIf(!available)(
    'loads every chart, shows the final metrics, fetches nothing from the network',
    async () => {
      await writeRun(dir, '20240105_000000', 'train_cfg = dict(max_epochs=4)  # a < b & c\n');
      const report = await renderRunReport(dir);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const requests: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        await page.goto(pathToFileURL(report.index).href, { waitUntil: 'load' });
        const images = await page.$$eval('img', (imgs) =>
          imgs.map((img) => ({
            src: img.getAttribute('src'),
            complete: img.complete,
            width: img.naturalWidth,
            height: img.naturalHeight,
          })),
        );
        expect(images).toHaveLength(report.charts.length);
        expect(images.map((i) => i.src)).toEqual(report.charts.map((c) => c.file));
        for (const image of images) expect(image).toMatchObject({ complete: true, width: 1000, height: 600 });
        const rows = await page.$$eval('#metrics tbody tr', (trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
        );
        expect(rows).toEqual([
          ['accuracy/top1', '88.0625', '91.375', '3'],
          ['accuracy/top5', '99.5', '99.5', '4'],
          ['mAP', '0.4375', '0.4375', '4'],
        ]);
        expect(await page.textContent('#metrics thead')).toContain('final (epoch 4)');
        expect(await page.textContent('#config')).toBe('train_cfg = dict(max_epochs=4)  # a < b & c\n');
        expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
        const shot = process.env.ENG_REPORT_SCREENSHOT ?? join(dir, 'report.png');
        await page.screenshot({ path: shot, fullPage: true });
        const { width, height } = await new Transformer(
          await import('node:fs').then((fs) => fs.readFileSync(shot)),
        ).metadata();
        expect(width).toBe(1200);
        expect(height).toBeGreaterThan(8 * 600 * 0.9); // every chart is on the page at its full height
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
