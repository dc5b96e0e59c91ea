import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eng-logging-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a browser bundle of @eng/logging', () => {
  it('has no node: imports and logs without a file system', async () => {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import { LogProcessor, MessageHub, MMLogger } from '@eng/logging';
const lines = [];
const logger = MMLogger.getInstance('web', { stream: { write: (s) => lines.push(s) } });
const hub = MessageHub.getInstance('web');
hub.updateScalars({ 'train/lr': 0.001, 'train/loss': 0.5 });
const runner = { messageHub: hub, iter: 0, epoch: 0, maxIters: 1, maxEpochs: 1, trainLoop: { dataloader: { length: 1 } } };
logger.info(new LogProcessor().getLogAfterIter(runner, 0, 'train')[1]);
let fileError = '';
try { MMLogger.getInstance('web-file', { logFile: 'x.log', stream: { write() {} } }); } catch (e) { fileError = e.message; }
console.log(JSON.stringify({ line: lines[0].slice(15), fileError }));
`,
    );
    const outfile = join(dir, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      nodePaths: [join(packageDir, 'node_modules')],
      alias: { '@eng/logging': packageDir },
    });
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']node:/);
    // Run the bundle where process.getBuiltinModule is hidden, as in a browser.
    const runner = join(dir, 'run.mjs');
    writeFileSync(runner, `delete process.getBuiltinModule;\nawait import(${JSON.stringify(outfile)});\n`);
    const out = JSON.parse(execFileSync(process.execPath, [runner], { encoding: 'utf8' }));
    expect(out.line).toBe('- mmengine - INFO - Epoch(train) [1][1/1]  lr: 1.0000e-03  loss: 0.5000\n');
    expect(out.fileError).toMatch(/writing a log file needs Node\.js/);
  });
});
