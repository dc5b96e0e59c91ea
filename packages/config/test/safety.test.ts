import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config, ConfigError, parseCfgOptions } from '../src/index';
import { fixture, tempDir } from './helpers';

// Nothing a config says may change the prototype of any object: not Object.prototype, not the config's dicts.
function assertNoPollution() {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

function prototypesAreOrdinary(value: unknown): void {
  if (Array.isArray(value)) {
    expect(Object.getPrototypeOf(value)).toBe(Array.prototype);
    for (const item of value) prototypesAreOrdinary(item);
  } else if (value !== null && typeof value === 'object') {
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    for (const item of Object.values(value)) prototypesAreOrdinary(item);
  }
}

describe('__proto__, constructor and prototype keys', () => {
  afterEach(assertNoPollution);

  it.each(['json/proto.json', 'yaml/proto.yaml'])(
    'a __proto__ key in a file is refused with its key path (%s)',
    async (name) => {
      const error = (await Config.fromFile(fixture(name)).catch((e: unknown) => e)) as ConfigError;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.code).toBe('UNSAFE_KEY');
      expect(error.file).toBe(fixture(name));
      expect(error.keyPath).toMatch(/^model\.(backbone\.)?__proto__$/);
    },
  );

  it('a __proto__ key in a TS config is refused', async () => {
    const file = join(tempDir(), 'proto.ts');
    writeFileSync(file, 'export default { model: JSON.parse(\'{"__proto__": {"polluted": true}}\') };\n');
    await expect(Config.fromFile(file)).rejects.toMatchObject({ code: 'UNSAFE_KEY', keyPath: 'model.__proto__' });
  });

  it('an object literal written with a __proto__ key in a TS config is refused at any depth, not silently emptied', async () => {
    const dir = tempDir();
    const nested = join(dir, 'proto_literal.ts');
    writeFileSync(nested, "export default { model: { head: [{ __proto__: { type: 'Evil' }, depth: 1 }] } };\n");
    await expect(Config.fromFile(nested)).rejects.toMatchObject({
      code: 'UNSAFE_KEY',
      file: nested,
      keyPath: 'model.head.0.__proto__',
    });
    const top = join(dir, 'proto_top.ts');
    writeFileSync(top, 'export default { __proto__: { polluted: true }, a: 1 };\n');
    await expect(Config.fromFile(top)).rejects.toMatchObject({ code: 'UNSAFE_KEY', keyPath: '__proto__' });
    const literal = Object.create({ type: 'Evil' }) as Record<string, unknown>;
    expect(() => new Config(literal)).toThrow(/__proto__/);
    expect(() => new Config({}).mergeFromDict({ a: Object.create({ polluted: true }) })).toThrow(/__proto__/);
    // class instances keep their prototypes: they are values, not dicts
    class Point {
      x = 1;
    }
    const point = new Point();
    expect(new Config({ p: point }).get('p')).toBe(point);
  });

  it('constructor and prototype are ordinary keys, in files and merged over bases', async () => {
    const cfg = await Config.fromFile(fixture('json/constructor_child.json'));
    expect(cfg.toDict()).toEqual({
      optim_wrapper: { constructor: { type: 'Other' }, optimizer: { type: 'SGD' } },
      constructor: { prototype: { polluted: true } },
      prototype: { polluted: true },
    });
    prototypesAreOrdinary(cfg.toDict());
    expect(cfg.get('optim_wrapper.constructor.type')).toBe('Other');
  });

  it('a constructor key in a child over a base without one is a new key, not Object', () => {
    const cfg = new Config({ optim_wrapper: { type: 'OptimWrapper' } });
    cfg.mergeFromDict({ 'optim_wrapper.constructor': 'MyConstructor', 'optim_wrapper.paramwise_cfg.constructor.x': 1 });
    expect(cfg.get('optim_wrapper')).toEqual({
      type: 'OptimWrapper',
      constructor: 'MyConstructor',
      paramwise_cfg: { constructor: { x: 1 } },
    });
    cfg.mergeFromDict({ 'constructor.prototype.polluted': true, 'a.prototype': { polluted: true } });
    expect(cfg.get('constructor.prototype.polluted')).toBe(true);
    prototypesAreOrdinary(cfg.toDict());
  });

  it('mergeFromDict refuses __proto__ in keys and in values', () => {
    const cfg = new Config({ a: { b: 1 } });
    expect(() => cfg.mergeFromDict({ '__proto__.polluted': true })).toThrow(/__proto__/);
    expect(() => cfg.mergeFromDict({ 'a.__proto__.polluted': true })).toThrow(ConfigError);
    const value = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(() => cfg.mergeFromDict({ a: value })).toThrow(/__proto__/);
    expect(() => cfg.mergeFromDict(JSON.parse('{"__proto__": {"polluted": true}}'))).toThrow(/__proto__/);
    expect(cfg.toDict()).toEqual({ a: { b: 1 } });
  });

  it('set, new Config and parseCfgOptions refuse __proto__', () => {
    const cfg = new Config({});
    expect(() => cfg.set('x.__proto__.polluted', 1)).toThrow(/__proto__/);
    expect(() => new Config(JSON.parse('{"a": {"__proto__": {"polluted": 1}}}'))).toThrow(/__proto__/);
    expect(() => parseCfgOptions(['__proto__.polluted=1'])).toThrow(/__proto__/);
    expect(() => parseCfgOptions(['model.__proto__.polluted=1'])).toThrow(/__proto__/);
    const ok = parseCfgOptions(['model.constructor.prototype.polluted=1']);
    cfg.mergeFromDict(ok);
    expect(cfg.get('model.constructor.prototype.polluted')).toBe(1);
  });

  it('get and {{_base_.x}} read own keys only', async () => {
    const cfg = new Config({ a: {} });
    expect(cfg.get('a.constructor')).toBeUndefined();
    expect(cfg.get('a.__proto__')).toBeUndefined();
    const dir = tempDir();
    writeFileSync(join(dir, 'base.json'), '{"a": {}}');
    writeFileSync(join(dir, 'child.json'), '{"_base_": "./base.json", "x": {{ _base_.a.constructor }}}');
    await expect(Config.fromFile(join(dir, 'child.json'))).rejects.toMatchObject({ code: 'BASE_REF' });
  });
});
