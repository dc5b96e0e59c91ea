import { LOG_PROCESSORS } from '@eng/registry';
import { describe, expectTypeOf, it } from 'vitest';
import { LogProcessor } from '../src/index';

describe('LOG_PROCESSORS is typed by @eng/logging', () => {
  it('builds a LogProcessor from a config without a cast', () => {
    expectTypeOf(LOG_PROCESSORS.build({ type: 'LogProcessor', window_size: 10 })).toEqualTypeOf<LogProcessor>();
  });

  it('still lets a caller name a subclass', () => {
    class MyLogProcessor extends LogProcessor {}
    expectTypeOf(LOG_PROCESSORS.build<MyLogProcessor>({ type: 'MyLogProcessor' })).toEqualTypeOf<MyLogProcessor>();
  });
});
