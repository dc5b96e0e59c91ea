import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe as group, expect, it } from 'vitest';
import { brandClass, deepCopy, describe, registerBuiltins } from '../src';
import { writeFileAtomicSync } from '../src/node';

group('describe', () => {
  it('names the kind of a value and shows short values', () => {
    expect(describe('0.1')).toBe('the string "0.1"');
    expect(describe(3)).toBe('the number 3');
    expect(describe(null)).toBe('null');
    expect(describe(undefined)).toBe('undefined');
    expect(describe([1, 2])).toBe('an array of length 2');
    expect(describe({})).toBe('an object');
    expect(describe(new Map())).toBe('an instance of Map');
    expect(describe(class ResNet {})).toBe('class ResNet');
    expect(describe(function build() {})).toBe('function build');
  });
});

group('brandClass', () => {
  it('makes instanceof hold for instances of another copy of the class, and keeps subclass checks', () => {
    class Thing {}
    brandClass(Thing, 'test/Thing');
    class OtherCopy {}
    brandClass(OtherCopy, 'test/Thing');
    class Sub extends Thing {}
    expect(new OtherCopy() instanceof Thing).toBe(true);
    expect(new Sub() instanceof Thing).toBe(true);
    expect(new Thing() instanceof Sub).toBe(false);
    expect({} instanceof Thing).toBe(false);
  });
});

group('deepCopy', () => {
  class Tensorish {
    constructor(readonly v: number) {}
    clone() {
      return new Tensorish(this.v);
    }
  }
  class Opaque {}

  it('copies plain data, keeps shared references shared, and copies __proto__ as an own key', () => {
    const shared = { a: 1 };
    const source = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    Object.assign(source, { x: shared, y: shared, list: [1, [2]] });
    const copy = deepCopy(source);
    expect(copy).not.toBe(source);
    expect(copy.x).toEqual({ a: 1 });
    expect(copy.x).not.toBe(shared);
    expect(copy.x).toBe(copy.y);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps other objects under 'keep', clones them under 'clone', refuses them under 'strict'", () => {
    const t = new Tensorish(2);
    const o = new Opaque();
    expect(deepCopy({ t }).t).toBe(t);
    expect(deepCopy({ t }, 'clone').t).not.toBe(t);
    expect(deepCopy({ t }, 'clone').t.v).toBe(2);
    expect(deepCopy({ o }, 'clone').o).toBeDefined();
    expect(deepCopy({ m: new Map([[1, 2]]) }, 'strict').m.get(1)).toBe(2);
    expect(() => deepCopy({ o }, 'strict')).toThrow(/Opaque cannot be copied/);
    expect(() => deepCopy({ f: () => 1 }, 'strict')).toThrow(/function/);
  });
});

group('registerBuiltins', () => {
  function fakeRegistry() {
    const moduleDict = new Map<string, unknown>();
    return {
      moduleDict,
      registerModule({ name, module }: { name: string; module: never }) {
        if (moduleDict.has(name)) throw new Error(`"${name}" is already registered`);
        moduleDict.set(name, module);
      },
    };
  }

  it('leaves a name held by the same owner (the other build of the package) and refuses anyone else', () => {
    const registry = fakeRegistry();
    const esm = class SGD {};
    const cjs = class SGD {};
    registerBuiltins(registry, '@eng/optim', { SGD: esm });
    registerBuiltins(registry, '@eng/optim', { SGD: cjs });
    expect(registry.moduleDict.get('SGD')).toBe(esm);
    expect(() => registerBuiltins(registry, '@eng/other', { SGD: class SGD {} })).toThrow(/already registered/);
  });
});

group('writeFileAtomicSync', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes the whole file, creates the directory and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-internal-'));
    dirs.push(dir);
    const target = join(dir, 'sub', 'out.json');
    writeFileAtomicSync(target, '{"a":1}');
    writeFileAtomicSync(target, new Uint8Array([123, 125]));
    expect(readFileSync(target, 'utf8')).toBe('{}');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.json']);
  });

  it('removes its temporary file when the rename fails, and refuses data that is not text or bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-internal-'));
    dirs.push(dir);
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomicSync(target, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    writeFileSync(join(dir, 'old.txt'), 'old');
    expect(() => writeFileAtomicSync(join(dir, 'old.txt'), 42 as never)).toThrow(TypeError);
    expect(readFileSync(join(dir, 'old.txt'), 'utf8')).toBe('old');
  });
});
