// The CLI's progress bar: drawn on a terminal stream per train epoch with the loss and lr, and the logger's console
// lines held back while it is drawn (then restored).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBarHook } from '../src/index';
import { toyRunner } from './helpers/toy';

function fakeTerminal(): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  Object.assign(stream, { isTTY: true, columns: 120, text: () => text });
  return stream;
}

describe('ProgressBarHook', () => {
  it('draws epoch, iteration, loss and lr, and quiets the console only while drawing', async () => {
    const terminal = fakeTerminal();
    const runner = toyRunner({ train_cfg: { by_epoch: true, max_epochs: 2 }, log_level: 'INFO' });
    runner.registerHook(new ProgressBarHook(terminal));
    const console = (runner.logger as unknown as { sinks: Array<{ kind: string; level: number }> }).sinks.find(
      (s) => s.kind === 'console',
    );
    const before = console?.level;
    await runner.train();
    await runner.close();
    const text = terminal.text();
    expect(text).toMatch(/epoch 1\/2 .* 5\/5 {2}loss \d/);
    expect(text).toMatch(/epoch 2\/2 /);
    expect(text).toMatch(/lr 0\.1/);
    expect(console?.level).toBe(before);
  }, 60_000);
});
