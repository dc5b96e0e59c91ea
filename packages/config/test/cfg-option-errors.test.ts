import { describe, expect, it } from 'vitest';
import { Config, ConfigError, parseCfgOptions } from '../src/index';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('--cfg-options keys with an empty segment are refused', () => {
  it.each([
    ['a..b=1', 'between "a" and "b"'],
    ['.x=2', 'before "x"'],
    ['y.=3', 'after "y"'],
    ['model..depth.x=3', 'between "model" and "depth"'],
  ])('%s', (option, where) => {
    const error = errorOf(() => parseCfgOptions([option]));
    expect(error.code).toBe('CFG_OPTION');
    expect(error.message).toContain(JSON.stringify(option));
    expect(error.message).toContain(`empty segment ${where}`);
  });

  it('mergeFromDict and set refuse them too, leaving the config unchanged', () => {
    const cfg = new Config({ a: { c: 1 } });
    expect(() => cfg.mergeFromDict({ 'a..b': 1 })).toThrow(/"a\.\.b" has an empty segment between "a" and "b"/);
    expect(() => cfg.set('a.', 1)).toThrow(/empty segment after "a"/);
    expect(cfg.toDict()).toEqual({ a: { c: 1 } });
  });
});

describe('malformed --cfg-options values are ConfigErrors naming the option', () => {
  it.each(['k=[1,2]x', 'k=x[1,2]', 'k=[1,2][3,4]', 'k=a,[1,2]x', 'k=[(1,2)x,3]'])(
    '%s: text outside the brackets',
    (option) => {
      const error = errorOf(() => parseCfgOptions([option]));
      expect(error.code).toBe('CFG_OPTION');
      expect(error.message).toContain(JSON.stringify(option));
      expect(error.message).toMatch(/outside its brackets/);
    },
  );

  it.each(['k=(1,2', 'k=[1,2]]', 'k=[(1,2]),3]', 'k=[[1,2],[3]'])('%s: brackets that do not pair up', (option) => {
    const error = errorOf(() => parseCfgOptions([option]));
    expect(error.code).toBe('CFG_OPTION');
    expect(error.message).toContain(JSON.stringify(option));
    expect(error.message).toMatch(/Imbalanced brackets/);
  });

  it('lists nested too deeply are an error, not a stack overflow', () => {
    const deep = `k=${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const error = errorOf(() => parseCfgOptions([deep]));
    expect(error.code).toBe('CFG_OPTION');
    expect(error.message).toMatch(/nested more than 100 deep/);
    // a long flat list is fine
    const long = parseCfgOptions([`k=[${Array.from({ length: 20000 }, (_, i) => i).join(',')}]`]).k as number[];
    expect(long).toHaveLength(20000);
    expect(long[19999]).toBe(19999);
  });

  it("MMEngine's readings are kept: unclosed without a comma is a string, empty items are ''", () => {
    expect(parseCfgOptions(['k=[[[', 'l=[1,,2]', 'm=[1,2,]', 'n=a[0]', 'o=[a[0],b]'])).toEqual({
      k: '[[[',
      l: [1, '', 2],
      m: [1, 2],
      n: 'a[0]',
      o: ['a[0]', 'b'],
    });
    // a list of bracketed items without outer brackets (MMEngine recurses forever on this one)
    expect(parseCfgOptions(['k=(a,b),(c,d)', 'l=[1,2],a'])).toEqual({
      k: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      l: [[1, 2], 'a'],
    });
  });
});

describe('deeply nested config text is an error, not a stack overflow', () => {
  const n = 20000;
  it('a JSON syntax error deep inside still gets its line and column', async () => {
    const text = `{\n"a": ${'['.repeat(n)}${']'.repeat(n - 1)}}`;
    await expect(Config.fromString(text, '.json')).rejects.toThrow(
      new RegExp(`config\\.json:2:${2 * n + 5}: expected ',' or '\\]' after array element, found "\\}"`),
    );
  });

  it('valid JSON nested deeper than 1000 levels is refused by name', async () => {
    const text = `{"a": ${'['.repeat(n)}${']'.repeat(n)}}`;
    await expect(Config.fromString(text, '.json')).rejects.toMatchObject({
      code: 'TOO_DEEP',
      message: expect.stringMatching(/nested more than 1000 levels deep at "a\.0\.0\.\.\."/),
    });
    // 200 levels are fine
    const ok = await Config.fromString(`{"a": ${'['.repeat(200)}${']'.repeat(200)}}`, '.json');
    expect(JSON.stringify(ok.get('a'))).toBe(`${'['.repeat(200)}${']'.repeat(200)}`);
  });
});
