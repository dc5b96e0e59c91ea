import { packageRoot, runDualBuild } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('the built package', () => {
  it('ESM and CJS builds loaded in one process share loggers, hubs and the LogProcessor registration', () => {
    const out = runDualBuild(
      packageDir,
      `const { LOG_PROCESSORS } = await load('@eng/registry');
const result = {};
result.differentCode = esm.MessageHub !== cjs.MessageHub;
const hub = esm.MessageHub.getInstance('shared');
result.sameHub = cjs.MessageHub.getInstance('shared') === hub;
hub.updateScalar('train/loss', 1);
cjs.MessageHub.getCurrentInstance().updateScalar('train/loss', 3);
result.mean = hub.getScalar('train/loss').mean();
const other = cjs.MessageHub.getInstance('other');
other.loadStateDict({ log_scalars: { x: new esm.HistoryBuffer([1, 2], [1, 1]) }, runtime_info: {}, resumed_keys: { x: true } });
result.crossBuffer = other.getScalar('x').mean();
result.registered = LOG_PROCESSORS.build({ type: 'LogProcessor', window_size: 3 }).windowSize;
const lines = [];
const logger = esm.MMLogger.getInstance('dual', { stream: { write: (s) => lines.push(s) } });
cjs.printLog('through the other build', { logger: 'current' });
cjs.printLog('by reference', { logger });
result.lines = lines.map((l) => l.replace(/^\\d\\d\\/\\d\\d \\d\\d:\\d\\d:\\d\\d/, 'TIME'));
console.log(JSON.stringify(result));
`,
      { env: { RANK: '' } },
    );
    expect(JSON.parse(out)).toEqual({
      differentCode: true,
      sameHub: true,
      mean: 2,
      crossBuffer: 1.5,
      registered: 3,
      lines: ['TIME - eng - INFO - through the other build\n', 'TIME - eng - INFO - by reference\n'],
    });
  });
});
