import { describe, expect, it } from 'vitest';
import { LOG_PROCESSORS, type RegistryError, withConfigPath } from '@eng/registry';
import '../src/index';

describe('LogProcessor options at build', () => {
  it('refuses an unknown key with the nearest valid keys and the config path', () => {
    let error: RegistryError | undefined;
    try {
      withConfigPath('log_processor', () => LOG_PROCESSORS.build({ type: 'LogProcessor', window_sise: 20 }));
    } catch (e) {
      error = e as RegistryError;
    }
    expect(error?.code).toBe('INVALID_OPTIONS');
    expect(error?.configPath).toBe('log_processor');
    expect(error?.message).toContain(
      '  - log_processor.window_sise: unknown option. Did you mean "window_size", "windowSize"?',
    );
  });

  it('says what a key expected, inside custom_cfg too', () => {
    expect(() => LOG_PROCESSORS.build({ type: 'LogProcessor', by_epoch: 'yes' })).toThrow(
      '  - by_epoch: expected a boolean, got the string "yes"',
    );
    expect(() =>
      LOG_PROCESSORS.build({
        type: 'LogProcessor',
        custom_cfg: [{ data_src: 'loss', method_name: 'mean', window_size: 'epoc' }],
      }),
    ).toThrow(
      '  - custom_cfg[0].window_size: expected a number or "epoch" or "global", got the string "epoc". Did you mean "epoch"?',
    );
  });

  it('builds with valid options, extra keys of a custom_cfg entry included (they go to the statistics method)', () => {
    const built = LOG_PROCESSORS.build({
      type: 'LogProcessor',
      window_size: 5,
      custom_cfg: [{ data_src: 'loss', method_name: 'mean', window_size: 'global', extra: 1 }],
    });
    expect(built.windowSize).toBe(5);
  });
});
