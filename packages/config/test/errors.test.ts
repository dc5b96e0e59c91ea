import { EngError } from '@eng/internal';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError, ConfigParseError, ConfigTypeError, isConfigError } from '../src/index';
import { fixture } from './helpers';

describe('config errors', () => {
  it('print their class names and carry codes without a package prefix', async () => {
    const missing = await Config.fromFile(fixture('json/no_such_config.json')).catch((e: unknown) => e);
    expect(ConfigError.isInstance(missing)).toBe(true);
    expect((missing as ConfigError).name).toBe('ConfigError');
    expect((missing as ConfigError).code).toBe('FILE_NOT_FOUND');
    expect(String(missing)).toMatch(/^ConfigError: Config file .*no_such_config\.json does not exist/);

    const parse = await Config.fromFile(fixture('json/syntax_error.json')).catch((e: unknown) => e);
    expect(parse).toBeInstanceOf(ConfigParseError);
    expect(parse).toBeInstanceOf(ConfigError);
    expect(parse).toMatchObject({ name: 'ConfigParseError', code: 'PARSE' });
  });

  it('ConfigTypeError is a TypeError and an EngError, and isConfigError knows both kinds', () => {
    const cfg = new Config({ a: 1 });
    const error = (() => {
      try {
        cfg.set('a.b', 2);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(ConfigTypeError.isInstance(error)).toBe(true);
    expect(EngError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ConfigTypeError', code: 'KEY_PATH', keyPath: 'a.b' });
    expect(isConfigError(error)).toBe(true);
    expect(isConfigError(new ConfigError('DUMP', 'x'))).toBe(true);
    expect(isConfigError(new TypeError('x'))).toBe(false);
  });

  it('keep the cause', () => {
    const cause = new Error('inner');
    expect(new ConfigError('DUMP', 'outer', { cause }).cause).toBe(cause);
  });
});
