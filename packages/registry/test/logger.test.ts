import { afterEach, describe, expect, it, vi } from 'vitest';
import { DefaultScope, getRegistryLogger, Registry, setRegistryLogger } from '../src/index';
import { resetDefaultScopes } from './helpers';

afterEach(() => {
  setRegistryLogger(undefined);
  resetDefaultScopes();
  vi.restoreAllMocks();
});

describe('setRegistryLogger', () => {
  it('receives warnings and debug messages', () => {
    const logger = { warn: vi.fn(), debug: vi.fn() };
    setRegistryLogger(logger);
    expect(getRegistryLogger()).toBe(logger);
    const REG = new Registry('hook', { scope: 'logged' });
    REG.registerModule({ module: class CheckpointHook {} });
    REG.build({ type: 'CheckpointHook' });
    expect(logger.debug).toHaveBeenCalledWith(
      'Get "CheckpointHook" for "CheckpointHook" from the "hook" registry in "logged"',
    );
    expect(logger.debug).toHaveBeenCalledWith(
      'An instance of "CheckpointHook" was built from the "hook" registry in "logged"',
    );
    DefaultScope.getInstance('missing', { scopeName: 'missing' });
    REG.build({ type: 'CheckpointHook' });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toMatch(/scope "missing"/);
  });

  it('defaults to console.warn for warnings and nothing for debug', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const REG = new Registry('hook', { scope: 'quiet' });
    REG.registerModule({ module: class A {} });
    REG.build({ type: 'A' });
    expect(debug).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    DefaultScope.getInstance('missing', { scopeName: 'missing' });
    REG.build({ type: 'A' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[@eng\/registry\] Failed to find a registry with scope "missing"/);
  });

  it('rejects something that is not a logger', () => {
    expect(() => setRegistryLogger({} as never)).toThrow(TypeError);
  });
});
