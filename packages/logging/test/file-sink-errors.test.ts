import { describe, expect, it } from 'vitest';
import { FileSink } from '../src/sinks';

describe('a log file that cannot be written', () => {
  it('names the file when a write fails (Node says only "ENOSPC: no space left on device, write")', () => {
    const sink = new FileSink(0, '/dev/full', 'a');
    try {
      expect(() => sink.writeRaw('x'.repeat(1 << 16))).toThrow(
        /^ENOSPC: no space left on device, write \(writing the log file '\/dev\/full'\)$/,
      );
    } finally {
      sink.close();
    }
  });
});
