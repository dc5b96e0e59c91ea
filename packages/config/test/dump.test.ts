import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS, OPTIMIZERS, Registry } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError } from '../src/index';
import { fixture, tempDir } from './helpers';

const formats = ['.json', '.yaml', '.yml', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

describe('Dump the configuration file', () => {
  it.each(formats)('a merged config round-trips through %s', async (ext) => {
    const cfg = await Config.fromFile(fixture('yaml/base_variables_nested.yaml'));
    const dir = tempDir();
    const file = join(dir, `dumped${ext}`);
    const text = cfg.dump(file);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const reloaded = await Config.fromFile(file);
    expect(reloaded.toDict()).toEqual(cfg.toDict());
  });

  it('dump(file) creates missing directories and leaves only the file behind', () => {
    const dir = join(tempDir(), 'work_dirs', 'exp1');
    const text = new Config({ lr: 0.1 }).dump(join(dir, 'config.json'));
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('values that need care survive every format', async () => {
    const data = {
      str_item: 'string with \tescape\\ characters\n and \'quotes\' "both"',
      'x/x': { 'a.0': 233, 'c/3': [1.5, -2, 1e-7] },
      numeric_string: '1e-3',
      yes: 'yes',
      nothing: null,
      empty: { list: [], dict: {} },
      nested: [[{ a: [{ b: null }] }]],
      constructor: 'DefaultOptimWrapperConstructor',
    };
    for (const ext of ['.json', '.yaml', '.ts', '.cjs']) {
      const file = join(tempDir(), `c${ext}`);
      new Config(data).dump(file);
      expect((await Config.fromFile(file)).toDict(), ext).toEqual(data);
    }
  });

  it("dump() without a file uses the config's own format", async () => {
    const fromDict = new Config({ b: 2, a: 1 });
    expect(fromDict.dump()).toBe('export default {\n  a: 1,\n  b: 2,\n};\n');
    expect(fromDict.dump()).toBe(fromDict.prettyText);
    expect(fromDict.toText('.json')).toBe('{\n  "b": 2,\n  "a": 1\n}\n');
    expect(fromDict.toText('.yaml')).toBe('b: 2\na: 1\n');
    const json = await Config.fromFile(fixture('json/simple_config.json'));
    expect(JSON.parse(json.dump())).toEqual(json.toDict());
    const yaml = await Config.fromString('a: 1\n', '.yaml');
    expect(yaml.dump()).toBe('a: 1\n');
    expect(() => fromDict.dump(join(tempDir(), 'x.xml'))).toThrow(ConfigError);
  });

  it('JSON refuses non-finite numbers; YAML and TS keep them', async () => {
    const cfg = new Config({ a: Infinity, b: Number.NaN });
    expect(() => cfg.toText('.json')).toThrow(/JSON cannot hold/);
    for (const ext of ['.yaml', '.ts']) {
      const file = join(tempDir(), `c${ext}`);
      cfg.dump(file);
      const back = await Config.fromFile(file);
      expect(back.get('a')).toBe(Infinity);
      expect(back.get('b')).toBeNaN();
    }
  });
});

describe('a class as `type` is dumped as its registry name', () => {
  it('root names plain, child scopes as scope.Name; the reload is equal with names', async () => {
    const cfg = await Config.fromFile(fixture('ts/class_type.ts'));
    const FancyOptim = cfg.get<abstract new (...a: never[]) => unknown>('optimizer.type');
    const ScopedNet = cfg.get<abstract new (...a: never[]) => unknown>('model.type');
    expect(typeof FancyOptim).toBe('function');
    expect(() => cfg.dump()).toThrow(/FancyOptim at "optimizer.type": it is not registered/);

    OPTIMIZERS.registerModule({ module: FancyOptim as never, name: 'FancyOptimForDump' });
    const detModels = new Registry('model', { parent: MODELS, scope: 'dumpdet' });
    detModels.registerModule({ module: ScopedNet as never });
    for (const ext of ['.json', '.yaml', '.ts']) {
      const file = join(tempDir(), `c${ext}`);
      cfg.dump(file);
      const back = await Config.fromFile(file);
      expect(back.get('optimizer')).toEqual({ type: 'FancyOptimForDump', lr: 0.1 });
      expect(back.get('model')).toEqual({ type: 'dumpdet.ScopedNet', depth: 3 });
      expect(back.get('optim_wrapper.constructor')).toBe('DefaultOptimWrapperConstructor');
    }
    expect(cfg.toDict().optimizer).toEqual({ type: FancyOptim, lr: 0.1 });

    // a class of a grandchild registry is written with every scope from the root, a name the root resolves
    class DeepNet {}
    new Registry('model', { parent: detModels, scope: 'dumpdeep' }).registerModule({ module: DeepNet });
    const deepType = JSON.parse(new Config({ model: { type: DeepNet } }).toText('.json')).model.type;
    expect(deepType).toBe('dumpdet.dumpdeep.DeepNet');
    expect(MODELS.get(deepType)).toBe(DeepNet);
  });
});
