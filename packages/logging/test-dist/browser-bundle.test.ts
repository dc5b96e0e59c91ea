import { bundleForBrowser, nodeImports, packageRoot, runBundle } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('a browser bundle of @eng/logging', () => {
  it('has no node: imports and logs without a file system', async () => {
    const bundle = await bundleForBrowser(
      packageDir,
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
    expect(nodeImports(bundle.code)).toEqual([]);
    // Run the bundle where process.getBuiltinModule is hidden, as in a browser.
    const out = JSON.parse(runBundle(bundle));
    expect(out.line).toBe('- eng - INFO - Epoch(train) [1][1/1]  lr: 1.0000e-03  loss: 0.5000\n');
    expect(out.fileError).toMatch(/writing a log file needs Node\.js/);
  });
});
