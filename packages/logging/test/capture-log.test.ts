import { describe, expect, it } from 'vitest';
import { MMLogger } from '../src/logger';
import { printLog } from '../src/print-log';
import { captureLog } from '../src/test/index';

describe('captureLog (the ./test entry)', () => {
  it('makes a fresh current logger whose console lines are collected', () => {
    const lines = captureLog();
    const logger = MMLogger.getCurrentInstance();
    printLog('loading checkpoint', { logger: 'current' });
    logger.warning('two\nlines');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d\d\/\d\d \d\d:\d\d:\d\d - eng - INFO - loading checkpoint$/);
    expect(lines[1]).toMatch(/ - WARNING - two$/);
    expect(lines[2]).toBe('lines');
  });

  it('each call starts a new capture, at INFO unless told otherwise', () => {
    const first = captureLog();
    const second = captureLog({ logLevel: 'DEBUG' });
    printLog('detail', { logger: 'current', level: 'DEBUG' });
    expect(first).toEqual([]);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatch(/ - DEBUG - detail$/);
    captureLog();
    printLog('hidden', { logger: 'current', level: 'DEBUG' });
    expect(second).toHaveLength(1);
  });
});
