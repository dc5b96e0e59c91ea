import { describe, expect, it } from 'vitest';
import { Config, ConfigError, parseCfgOptions } from '../src/index';
import { fixture } from './helpers';

describe('DictAction grammar (parseCfgOptions)', () => {
  it('nested brackets', () => {
    expect(parseCfgOptions(['item2.a=a,b', 'item2.b=[(a,b), [1,2], false]'])).toEqual({
      'item2.a': ['a', 'b'],
      'item2.b': [['a', 'b'], [1, 2], false],
    });
    expect(parseCfgOptions(['item2.a=[[1]]'])).toEqual({ 'item2.a': [[1]] });
    expect(parseCfgOptions(['k="[(1,2),(3,4)]"', 'e=[]', 't=()'])).toEqual({
      k: [
        [1, 2],
        [3, 4],
      ],
      e: [],
      t: [],
    });
  });

  it('imbalanced brackets are an error', () => {
    expect(() => parseCfgOptions(['item2.a=[(a,b), [1,2], false'])).toThrow(/Imbalanced brackets/);
    expect(() => parseCfgOptions(['x=(a),(b'])).toThrow(ConfigError);
    expect(() => parseCfgOptions(['x=[(a,b]),c'])).toThrow(/Imbalanced/);
  });

  it('normal values: int, float, string, bool in any case, None', () => {
    expect(parseCfgOptions(['item2.a=1', 'item2.b=0.1', 'item2.c=x', 'item3=false'])).toEqual({
      'item2.a': 1,
      'item2.b': 0.1,
      'item2.c': 'x',
      item3: false,
    });
    expect(
      parseCfgOptions([
        'a=False',
        'b=TRUE',
        'c=None',
        'd=none',
        'e=1e-3',
        'f=-2',
        'g=1_000',
        'h=.5',
        'i=inf',
        'j=',
        'k="quoted str"',
      ]),
    ).toEqual({
      a: false,
      b: true,
      c: null,
      d: 'none',
      e: 0.001,
      f: -2,
      g: 1000,
      h: 0.5,
      i: Infinity,
      j: '',
      k: 'quotedstr',
    });
  });

  it('the value is split on the first = only; a missing = is an error', () => {
    expect(parseCfgOptions(['work_dir=a=b'])).toEqual({ work_dir: 'a=b' });
    expect(() => parseCfgOptions(['novalue'])).toThrow(/KEY=VALUE/);
  });

  it('later options win', () => {
    expect(parseCfgOptions(['item1.a=1', 'item2.a=2', 'item2.a=1', 'item3=false'])).toEqual({
      'item1.a': 1,
      'item2.a': 1,
      item3: false,
    });
  });

  it('merges into a config', async () => {
    const cfg = await Config.fromFile(fixture('json/simple_config.json'));
    cfg.mergeFromDict(parseCfgOptions(['item2.a=1', 'item2.b=0.1', 'item2.c=x', 'item3=false']));
    expect(cfg.get('item2')).toEqual({ a: 1, b: 0.1, c: 'x' });
    expect(cfg.get('item3')).toBe(false);
  });
});
