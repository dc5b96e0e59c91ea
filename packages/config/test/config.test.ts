import { describe, expect, it } from 'vitest';
import { Config, ConfigError } from '../src/index';
import { fixture } from './helpers';

describe('Config: get / set by dotted path', () => {
  it('reads nested keys and list indices, with a default', () => {
    const cfg = new Config({
      model: { backbone: { depth: 50 } },
      pipeline: [{ type: 'Load' }, { type: 'Resize', scale: [1, 2] }],
    });
    expect(cfg.get('model.backbone.depth')).toBe(50);
    expect(cfg.get('pipeline.1.scale.0')).toBe(1);
    expect(cfg.get('pipeline.5.type', 'none')).toBe('none');
    expect(cfg.get('model.neck')).toBeUndefined();
    expect(cfg.get('model.toString')).toBeUndefined();
    expect(cfg.has('model.backbone')).toBe(true);
    expect(cfg.has('model.constructor')).toBe(false);
  });

  it('writes, creating dicts on the way', () => {
    const cfg = new Config({ pipeline: [{ type: 'Load' }] });
    cfg.set('model.backbone.depth', 101);
    cfg.set('pipeline.0.type', 'LoadImage');
    expect(cfg.toDict()).toEqual({ model: { backbone: { depth: 101 } }, pipeline: [{ type: 'LoadImage' }] });
    expect(() => cfg.set('pipeline.3.type', 'x')).toThrow(/exceeds the length/);
    expect(() => cfg.set('model.backbone.depth.x', 1)).toThrow(TypeError);
    expect(() => cfg.set('filename', 'x')).toThrow(/reserved/);
  });

  it('get returns the live value, toDict a copy', () => {
    const cfg = new Config({ a: { b: [1] } });
    (cfg.get('a.b') as number[]).push(2);
    expect(cfg.get('a.b')).toEqual([1, 2]);
    const d = cfg.toDict();
    (d.a as { b: number[] }).b.push(3);
    expect(cfg.get('a.b')).toEqual([1, 2]);
  });

  it('an empty Config', () => {
    const cfg = new Config();
    expect(cfg.filename).toBeUndefined();
    expect(cfg.text).toBe('');
    expect(cfg.size).toBe(0);
    expect(cfg.toDict()).toEqual({});
  });

  it('toString as MMEngine prints it', async () => {
    const cfg = await Config.fromFile(fixture('json/simple_config.json'));
    expect(String(cfg)).toBe(
      `Config (path: ${fixture('json/simple_config.json')}): { item1: [ 1, 2 ], item2: { a: 0 }, item3: true, item4: 'test' }`,
    );
  });
});

describe('mergeFromDict', () => {
  it('merges dotted keys', async () => {
    const cfg = await Config.fromFile(fixture('json/simple_config.json'));
    cfg.mergeFromDict({ 'item2.a': 1, 'item2.b': 0.1, item3: false });
    expect(cfg.get('item2')).toEqual({ a: 1, b: 0.1 });
    expect(cfg.get('item3')).toBe(false);
  });

  it('list keys, allowListKeys false, and an index out of range', async () => {
    const cfg = await Config.fromFile(fixture('json/merge_from_dict.json'));
    cfg.mergeFromDict({ 'item.0.a': 1, 'item.1.b': 1 }, { allowListKeys: true });
    expect(cfg.get('item')).toEqual([{ a: 1 }, { b: 1, c: 0 }]);
    expect(() => cfg.mergeFromDict({ 'item.0.a': 1, 'item.1.b': 1 }, { allowListKeys: false })).toThrow(TypeError);
    const error = (() => {
      try {
        cfg.mergeFromDict({ 'item.2.a': 1 }, { allowListKeys: true });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.code).toBe('LIST_INDEX');
    expect(error?.keyPath).toBe('item.2');
    expect(error?.message).toContain('Index 2 exceeds the length of list');
    expect(cfg.get('item')).toEqual([{ a: 1 }, { b: 1, c: 0 }]);
  });

  it("MMEngine's docstring examples", () => {
    const cfg = new Config({ model: { backbone: { type: 'ResNet' } } });
    cfg.mergeFromDict({ 'model.backbone.depth': 50, 'model.backbone.with_cp': true });
    expect(cfg.toDict()).toEqual({ model: { backbone: { type: 'ResNet', depth: 50, with_cp: true } } });
    const cfg2 = new Config({ pipeline: [{ type: 'LoadImage' }, { type: 'LoadAnnotations' }] });
    cfg2.mergeFromDict({ pipeline: { '0': { type: 'SelfLoadImage' } } }, { allowListKeys: true });
    expect(cfg2.get('pipeline')).toEqual([{ type: 'SelfLoadImage' }, { type: 'LoadAnnotations' }]);
  });

  it('_delete_ and scalar-over-dict', () => {
    const cfg = new Config({ optim: { type: 'SGD', lr: 0.1, momentum: 0.9 }, sched: { type: 'Step' } });
    cfg.mergeFromDict({ optim: { _delete_: true, type: 'Adam', lr: 0.001 }, sched: 'none' });
    expect(cfg.toDict()).toEqual({ optim: { type: 'Adam', lr: 0.001 }, sched: 'none' });
    expect(() => cfg.mergeFromDict({ 'sched.type': 'x' })).toThrow(
      /sched is a dict in the child config but is of type string/,
    );
  });
});

describe('copy and clone', () => {
  it('clone is deep, copy shares nested values', async () => {
    const cfg = await Config.fromFile(fixture('json/simple_config.json'));
    const deep = cfg.clone();
    const shallow = cfg.copy();
    expect(deep.toDict()).toEqual(cfg.toDict());
    expect(deep.filename).toBe(cfg.filename);
    expect(deep.text).toBe(cfg.text);
    (deep.get('item2') as Record<string, number>).a = 5;
    expect(cfg.get('item2.a')).toBe(0);
    (shallow.get('item2') as Record<string, number>).a = 7;
    expect(cfg.get('item2.a')).toBe(7);
    shallow.set('item4', 'changed');
    expect(cfg.get('item4')).toBe('test');
  });
});

describe('Config.diff', () => {
  it('a unified diff of the pretty texts; key order does not matter', async () => {
    const expected = [
      '--- ',
      '+++ ',
      '@@ -1,4 +1,4 @@',
      ' export default {',
      '   a: 1,',
      '-  b: 2,',
      '+  b: 3,',
      ' };',
      '',
    ].join('\n');
    expect(Config.diff(new Config({ a: 1, b: 2 }), new Config({ b: 3, a: 1 }))).toBe(expected);
    expect(Config.diff(new Config({ a: 1, b: 2 }), new Config({ b: 2, a: 1 }))).toBe('');
  });

  it('names the files and keeps three lines of context', async () => {
    const a = await Config.fromFile(fixture('yaml/merge_from_multiple_bases.yaml'));
    const b = a.clone();
    b.set('item7.a', [0, 1]);
    const diff = Config.diff(a, b);
    expect(diff.startsWith(`--- ${a.filename}\n+++ ${b.filename}\n@@ `)).toBe(true);
    expect(diff).toContain('-    a: [0, 1, 2],\n+    a: [0, 1],');
  });
});

describe('a Config keeps its state private', () => {
  it('shows no internal field to Object.keys or JSON.stringify', () => {
    const cfg = new Config({ a: 1 });
    expect(Object.keys(cfg)).toEqual([]);
    expect(JSON.stringify(cfg)).toBe('{}');
    expect(cfg.get('a')).toBe(1);
  });
});
