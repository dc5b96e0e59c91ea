import { describe, expect, it, vi } from 'vitest';
import { LoggingError } from '../src/errors';
import { HistoryBuffer } from '../src/history-buffer';

describe('HistoryBuffer initialization (manual 32.2.1)', () => {
  it('starts empty with max_length 1000000 by default', () => {
    const buffer = new HistoryBuffer();
    expect(buffer.data).toEqual([[], []]);
    expect(buffer.maxLength).toBe(1_000_000);
  });

  it('takes initial histories', () => {
    expect(new HistoryBuffer([1, 2, 3], [1, 2, 3]).data).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('keeps the last max_length elements and warns about the rest', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const buffer = new HistoryBuffer([1, 2, 3], [1, 2, 3], 2);
      expect(buffer.data).toEqual([
        [2, 3],
        [2, 3],
      ]);
      expect(String(stderr.mock.calls[0]?.[0])).toContain(
        'The length of history buffer(3) exceeds the max_length(2), the first few elements will be ignored.',
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it('rejects histories of different lengths and non-numbers', () => {
    expect(() => new HistoryBuffer([1, 2], [1])).toThrow(LoggingError);
    expect(() => new HistoryBuffer(['a' as unknown as number], [1])).toThrow(TypeError);
    expect(() => new HistoryBuffer([], [], 0)).toThrow(TypeError);
    expect(() => new HistoryBuffer(5 as never, [])).toThrow(/must be an array of numbers/);
  });

  it('accepts typed arrays', () => {
    expect(new HistoryBuffer(new Float32Array([0.5, 1.5]), new Int32Array([1, 2])).data).toEqual([
      [0.5, 1.5],
      [1, 2],
    ]);
  });
});

describe('HistoryBuffer update (manual 32.2.2)', () => {
  it('appends values with a default count of 1', () => {
    const buffer = new HistoryBuffer([1, 2, 3], [1, 1, 1]);
    buffer.update(4);
    expect(buffer.data).toEqual([
      [1, 2, 3, 4],
      [1, 1, 1, 1],
    ]);
    buffer.update(5, 2);
    expect(buffer.data).toEqual([
      [1, 2, 3, 4, 5],
      [1, 1, 1, 1, 2],
    ]);
  });

  it('drops the oldest value once max_length is exceeded', () => {
    const buffer = new HistoryBuffer([-1, 1, 1], [-1, 1, 1], 3);
    buffer.update(1);
    expect(buffer.data).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  it('only takes single numbers', () => {
    const buffer = new HistoryBuffer();
    expect(() => buffer.update([1, 2] as unknown as number)).toThrow(TypeError);
    expect(() => buffer.update(1, '2' as unknown as number)).toThrow(TypeError);
  });

  it('stays equal to a plain list through thousands of updates past max_length', () => {
    const buffer = new HistoryBuffer([], [], 37);
    const logs: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 5000; i++) {
      buffer.update(i * 0.5, (i % 4) + 1);
      logs.push(i * 0.5);
      counts.push((i % 4) + 1);
      if (logs.length > 37) {
        logs.shift();
        counts.shift();
      }
      if (i % 97 === 0) expect(buffer.data).toEqual([logs, counts]);
    }
    expect(buffer.length).toBe(37);
    expect(buffer.max(5)).toBe(logs.at(-1));
    expect(buffer.min()).toBe(logs[0]);
  });
});

describe('HistoryBuffer basic statistical methods (manual 32.2.3)', () => {
  const buffer = new HistoryBuffer([1, 2, 3], [1, 1, 1]);

  it('min and max over a window or globally', () => {
    expect(buffer.min(2)).toBe(2);
    expect(buffer.min()).toBe(1);
    expect(buffer.max(2)).toBe(3);
    expect(buffer.max()).toBe(3);
  });

  it('mean divides the sum of values by the sum of counts', () => {
    expect(buffer.mean(2)).toBe(2.5);
    expect(buffer.mean()).toBe(2);
    expect(new HistoryBuffer([1, 2, 3], [2, 2, 2]).mean()).toBe(1);
  });

  it('current is the latest value', () => {
    const b = new HistoryBuffer([1, 2, 3], [1, 1, 1]);
    b.update(4, 1);
    expect(b.current()).toBe(4);
  });

  it('a window larger than the history (or 0, like Python `a[-0:]`) covers everything', () => {
    expect(buffer.mean(100)).toBe(2);
    expect(buffer.max(0)).toBe(3);
  });

  it('rejects non-integer and negative windows', () => {
    expect(() => buffer.mean(1.5)).toThrow(TypeError);
    expect(() => buffer.min('2' as unknown as number)).toThrow(TypeError);
    expect(() => buffer.max(-1)).toThrow(RangeError);
  });

  it('empty buffers: current/min/max throw, mean is NaN as numpy 0/0', () => {
    const empty = new HistoryBuffer();
    expect(() => empty.current()).toThrow(/empty/);
    expect(() => empty.min()).toThrow(LoggingError);
    expect(() => empty.max()).toThrow(LoggingError);
    expect(empty.mean()).toBeNaN();
  });

  it('min and max propagate NaN as numpy does', () => {
    const b = new HistoryBuffer([1, Number.NaN, 3], [1, 1, 1]);
    expect(b.max()).toBeNaN();
    expect(b.min()).toBeNaN();
    expect(b.max(1)).toBe(3);
  });

  it('mean sums like numpy (pairwise), to the last bit', () => {
    // Expected values computed with numpy 2.4: np.sum(a[-w:]) / np.sum(c[-w:]); a naive loop gives 7.485471106467171.
    const logs = Array.from({ length: 300 }, (_, i) => i * 0.1 + 1 / (i + 1));
    const counts = Array.from({ length: 300 }, (_, i) => (i % 3) + 1);
    const b = new HistoryBuffer(logs, counts);
    expect(b.mean()).toBe(7.485471106467166);
    expect(b.mean(10)).toBe(14.025421149779483);
    expect(b.mean(150)).toBe(11.227304944305521);
  });
});

describe('HistoryBuffer statistics by name (manual 32.2.4)', () => {
  const buffer = new HistoryBuffer([1, 2, 3], [1, 1, 1]);

  it('calls a registered method with its arguments', () => {
    expect(buffer.statistics('mean')).toBe(2);
    expect(buffer.statistics('mean', 2)).toBe(2.5);
    expect(buffer.statistics('min')).toBe(1);
    expect(buffer.statistics('max')).toBe(3);
    expect(buffer.statistics('current')).toBe(3);
  });

  it('mismatched arguments are a TypeError', () => {
    expect(() => buffer.statistics('mean', 2, 3)).toThrow(TypeError);
    expect(() => buffer.statistics('current', 2)).toThrow(TypeError);
  });

  it('an unregistered name fails with the registered names and the nearest one', () => {
    expect(() => buffer.statistics('data')).toThrow(LoggingError);
    expect(() => buffer.statistics('maen')).toThrow(/Did you mean "mean"/);
  });
});

describe('HistoryBuffer statistics registration (manual 32.2.5)', () => {
  function weighted_mean(this: HistoryBuffer, windowSize: number, weight: number[]): number {
    if (weight.length !== windowSize) throw new RangeError('weight must have windowSize elements');
    const [logs, counts] = this.data;
    const values = logs.slice(-windowSize);
    const sum = values.reduce((acc, v, i) => acc + v * (weight[i] as number), 0);
    return sum / counts.slice(-windowSize).reduce((a, b) => a + b, 0);
  }
  HistoryBuffer.registerStatistics(weighted_mean);

  it('registers a function under its name', () => {
    const buffer = new HistoryBuffer([1, 2], [1, 1]);
    expect(buffer.statistics('weighted_mean', 2, [2, 1])).toBe(2); // (2 * 1 + 1 * 2) / (1 + 1)
    expect(HistoryBuffer.statisticsMethods).toContain('weighted_mean');
  });

  it('refuses a second registration of a name, and anonymous functions', () => {
    expect(() => HistoryBuffer.registerStatistics(weighted_mean)).toThrow(/registered twice/);
    expect(() => HistoryBuffer.registerStatistics(() => 1)).toThrow(TypeError);
  });

  it('checks the argument count when maxArgs is given', () => {
    const custom_statistics = function (this: HistoryBuffer) {
      return -1;
    };
    HistoryBuffer.registerStatistics(custom_statistics, { name: 'custom_statistics', maxArgs: 0 });
    expect(new HistoryBuffer().statistics('custom_statistics')).toBe(-1);
    expect(() => new HistoryBuffer().statistics('custom_statistics', 1)).toThrow(TypeError);
  });
});

describe('HistoryBuffer use case (manual 32.2.6)', () => {
  it('reproduces the printed lr and loss', () => {
    const logs = { lr: new HistoryBuffer(), loss: new HistoryBuffer() };
    const maxIter = 10;
    const logInterval = 5;
    const printed: string[] = [];
    for (let iter = 1; iter <= maxIter; iter++) {
      logs.lr.update((iter / maxIter) * 0.1, 1);
      logs.loss.update(1 / iter, 1);
      if (iter % logInterval === 0) {
        printed.push(`lr: ${logs.lr.statistics('current')}`, `loss: ${logs.loss.statistics('mean', logInterval)}`);
      }
    }
    expect(printed).toEqual(['lr: 0.05', 'loss: 0.45666666666666667', 'lr: 0.1', 'loss: 0.12912698412698415']);
  });
});

describe('HistoryBuffer state', () => {
  it('round-trips through JSON', () => {
    const buffer = new HistoryBuffer([0.1, 0.2], [1, 2], 5);
    const revived = HistoryBuffer.fromStateDict(JSON.parse(JSON.stringify(buffer)));
    expect(revived.data).toEqual(buffer.data);
    expect(revived.maxLength).toBe(5);
    expect(() => HistoryBuffer.fromStateDict({} as never)).toThrow(LoggingError);
  });

  it('clone is independent', () => {
    const buffer = new HistoryBuffer([1], [1]);
    const copy = buffer.clone();
    copy.update(2);
    expect(buffer.data).toEqual([[1], [1]]);
    expect(copy.data).toEqual([
      [1, 2],
      [1, 1],
    ]);
  });
});
