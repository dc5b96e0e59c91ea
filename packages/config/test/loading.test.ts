import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config, ConfigError, ConfigParseError } from '../src/index';
import { fixture, tempDir } from './helpers';

const simple = { item1: [1, 2], item2: { a: 0 }, item3: true, item4: 'test' };

describe('Read the configuration file', () => {
  it.each([
    'ts/simple_config.ts',
    'ts/simple.config.cjs',
    'json/simple_config.json',
    'json/simple.config.json',
    'yaml/simple_config.yaml',
    'yaml/simple.config.yml',
  ])('loads %s to the same dict', async (name) => {
    const cfg = await Config.fromFile(fixture(name));
    expect(cfg.toDict()).toEqual(simple);
    expect(cfg.filename).toBe(fixture(name));
    expect(cfg.text).toContain(fixture(name));
    expect(cfg.size).toBe(4);
  });

  it('takes the named exports of a module without a default export', async () => {
    const cfg = await Config.fromFile(fixture('ts/named_exports.mts'));
    expect(cfg.toDict()).toEqual({ item1: [1, 2], item2: { a: 0 } });
  });

  it('rejects an unsupported extension and a missing file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cfg.xml'), '<a/>');
    await expect(Config.fromFile(join(dir, 'cfg.xml'))).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    await expect(Config.fromFile(join(dir, 'no_such_file.json'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('reads YAML with the 1.2 core schema', async () => {
    const cfg = await Config.fromFile(fixture('yaml/core_schema.yaml'));
    expect(cfg.toDict()).toEqual({
      lr: 0.001,
      flag: 'yes',
      nothing: null,
      hex: 31,
      octal: 15,
      inf: Infinity,
      bool: true,
      str: '1e-3',
    });
  });
});

describe('fromString', () => {
  it.each([
    ['.json', 'json/simple_config.json'],
    ['.yaml', 'yaml/simple_config.yaml'],
    ['.ts', 'ts/simple_config.ts'],
    ['.cjs', 'ts/simple.config.cjs'],
  ] as const)('builds the same config from %s text', async (format, name) => {
    const { readFileSync } = await import('node:fs');
    const fromFile = await Config.fromFile(fixture(name));
    const fromText = await Config.fromString(readFileSync(fixture(name), 'utf8'), format);
    expect(fromText.toDict()).toEqual(fromFile.toDict());
    expect(fromText.filename).toBeUndefined();
  });

  it('resolves relative bases from the given filename', async () => {
    const cfg = await Config.fromString('{"_base_": "./base3.json", "x": 1}', '.json', {
      filename: fixture('json/virtual.json'),
    });
    expect(cfg.toDict()).toEqual({ item3: true, x: 1 });
  });

  it('rejects an unknown format and text that is not in the format', async () => {
    await expect(Config.fromString('a=1', '.xml' as never)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    const pretty = (await Config.fromFile(fixture('json/simple_config.json'))).prettyText;
    await expect(Config.fromString(pretty, '.json')).rejects.toBeInstanceOf(ConfigParseError);
  });
});

describe('Inheritance between configuration files', () => {
  const expectMultiple = (d: Record<string, unknown>) => {
    expect(d.item1).toEqual([1, 2]);
    expect(d.item2).toEqual({ a: 0 });
    expect(d.item3).toBe(false);
    expect(d.item4).toBe('test');
    expect(d.item5).toEqual({ a: 0, b: 1 });
    expect(d.item6).toEqual([{ a: 0 }, { b: 1 }]);
    expect(d.item7).toEqual({ a: [0, 1, 2], b: { c: [3.1, 4.2, 5.3] } });
  };

  it('merges several bases of different formats', async () => {
    const d = (await Config.fromFile(fixture('yaml/merge_from_multiple_bases.yaml'))).toDict();
    expectMultiple(d);
    expect(d.item_bool).toBe(true);
    expect(d.item_float).toBe(1);
  });

  it('modifies inherited fields: dicts merge, lists and scalars replace', async () => {
    const d = (await Config.fromFile(fixture('yaml/merge_from_base_single.yaml'))).toDict();
    expect(d).toEqual({ item1: [2, 3], item2: { a: 1 }, item3: false, item4: 'test_base' });
  });

  it('inherits recursively', async () => {
    const d = (await Config.fromFile(fixture('yaml/merge_recursive_bases.yaml'))).toDict();
    expect(d).toEqual({ item1: [2, 3], item2: { a: 1 }, item3: false, item4: 'test_recursive_bases' });
  });

  it.each(['ts/merge_delete.ts', 'yaml/merge_delete.yaml'])('_delete_ replaces the base dict (%s)', async (name) => {
    const d = (await Config.fromFile(fixture(name))).toDict();
    expect(d.item1).toEqual({ a: 0 });
    expect(d.item2).toEqual({ a: 0, b: 0 });
    expect(d.item3).toBe(true);
    expect(d.item4).toBe('test');
  });

  it('a dict over a non-dict without _delete_ is a TypeError that suggests _delete_', async () => {
    const error = await Config.fromFile(fixture('json/merge_from_base_error.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      code: 'MERGE_TYPE',
      keyPath: 'item3',
      file: fixture('json/merge_from_base_error.json'),
    });
    const message = (error as Error).message;
    expect(message).toContain('_delete_');
    expect(message).toContain('is of type boolean in base config');
    expect(message).toContain(fixture('ts/base.ts'));
  });

  it('the same key in two bases is an error naming both files', async () => {
    const error = await Config.fromFile(fixture('yaml/merge_from_multiple_error.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('Duplicate key is not allowed among bases');
    expect(message).toContain(fixture('ts/base1.ts'));
    expect(message).toContain(fixture('ts/simple_config.ts'));
    expect(message).toContain('"item1"');
  });

  it('a cycle among bases is an error that prints the cycle', async () => {
    const error = (await Config.fromFile(fixture('json/cycle_a.json')).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('BASE_CYCLE');
    expect(error.message).toContain(
      `${fixture('json/cycle_a.json')}\n  -> ${fixture('yaml/cycle_b.yaml')}\n  -> ${fixture('json/cycle_a.json')}`,
    );
    await expect(Config.fromFile(fixture('json/self_cycle.json'))).rejects.toMatchObject({ code: 'BASE_CYCLE' });
  });

  it('a missing base names the file that asked for it', async () => {
    const error = (await Config.fromFile(fixture('json/missing_base.json')).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain('no_such_base.json');
    expect(error.message).toContain(fixture('json/missing_base.json'));
  });

  it('a base of an unsupported format names the file that asked for it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'child.json'), '{"_base_": "./base.py"}');
    const error = (await Config.fromFile(join(dir, 'child.json')).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.file).toBe(join(dir, 'child.json'));
    expect(error.message).toContain('base.py');
  });

  it('_delete_ markers of a file without bases are dropped', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'leaf.yaml'), 'optimizer: {_delete_: true, type: SGD}\n');
    expect((await Config.fromFile(join(dir, 'leaf.yaml'))).toDict()).toEqual({ optimizer: { type: 'SGD' } });
  });

  it('_base_ may itself use an environment variable', async () => {
    const d = (await Config.fromFile(fixture('mixed/env_base.json'))).toDict();
    expect(d).toEqual(simple);
  });
});

describe('Reference of the inherited file', () => {
  it.each(['ts/base_variables.ts', 'json/base_variables.json', 'yaml/base_variables.yaml'])('%s', async (name) => {
    const d = (await Config.fromFile(fixture(name))).toDict();
    expect(d.item1).toEqual([1, 2]);
    expect(d.item3).toBe(false);
    expect(d.item5).toEqual({ a: 0, b: 1 });
    expect(d.item8).toBe(name.split('/')[1]);
    expect(d.item9).toEqual({ a: 0 });
    expect(d.item10).toEqual([3.1, 4.2, 5.3]);
  });

  it.each(['ts/base_variables_nested.ts', 'json/base_variables_nested.json', 'yaml/base_variables_nested.yaml'])(
    'nested references (%s)',
    async (name) => {
      const d = (await Config.fromFile(fixture(name))).toDict();
      expect(d.base).toBe('_base_.item8');
      expect(d.item11).toBe('base_variables.ts');
      expect(d.item12).toEqual({ a: 0 });
      expect(d.item13).toEqual([3.1, 4.2, 5.3]);
      expect(d.item14).toEqual([1, 2]);
      expect(d.item15).toEqual({
        a: { b: { a: 0 } },
        b: [false],
        c: ['test'],
        d: [[{ e: 0 }], [{ a: 0 }, { b: 1 }]],
        e: [1, 2],
      });
    },
  );

  it('whole quoted strings and unquoted text both work in JSON; other strings are left alone', async () => {
    const d = (await Config.fromFile(fixture('json/base_variables_quoted.json'))).toDict();
    expect(d.item9).toEqual({ a: 0, b: 1 });
    expect(d.item10).toEqual([
      [3.1, 4.2, 5.3],
      [{ a: 0 }, { b: 1 }],
    ]);
    expect(d.note).toBe('a string that mentions .json stays a string');
  });

  it('a reference is a copy', async () => {
    const cfg = await Config.fromFile(fixture('json/base_variables_quoted.json'));
    (cfg.get('item9') as Record<string, number>).a = 99;
    expect(cfg.get('item5.a')).toBe(0);
  });

  it('an unknown reference names the file, the key and what exists', async () => {
    const error = (await Config.fromFile(fixture('json/bad_ref.json')).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('BASE_REF');
    expect(error.keyPath).toBe('x');
    expect(error.message).toContain('"item9"');
    expect(error.message).toContain('item3');
    expect(error.message).toContain(fixture('json/bad_ref.json'));
  });

  it('a reference inside a longer string is refused', async () => {
    await expect(Config.fromFile(fixture('json/embedded_ref.json'))).rejects.toMatchObject({
      code: 'BASE_REF',
      keyPath: 'x',
    });
  });
});

describe('TS/JS config modules', () => {
  it('calls a default-exported function with the bases and the file names', async () => {
    const d = (await Config.fromFile(fixture('ts/function_config.ts'))).toDict();
    expect(d.item2).toEqual({ a: 0, b: 1 });
    expect(d.item4).toBe('test_function_config');
    expect(d.work_dir).toBe('./work_dirs/function_config');
    expect(d.item1).toEqual([1, 2]);
  });

  it('awaits an async config function', async () => {
    const d = (await Config.fromFile(fixture('ts/async_function_config.mjs'))).toDict();
    expect(d.item1).toEqual([1, 2, 3]);
  });

  it('a syntax error names the file, line and column', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export default {\n  item1: [1, 2],\n  item2: 3 +* 4,\n};\n');
    const error = (await Config.fromFile(file).catch((e: unknown) => e)) as ConfigParseError;
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error.file).toBe(file);
    expect(error.line).toBe(3);
    expect(error.message).toContain(`${file}:3:`);
  });

  it('an error thrown by the module names the file', async () => {
    const error = (await Config.fromFile(fixture('ts/throws.ts')).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('MODULE_CONFIG');
    expect(error.message).toContain('boom from config');
    expect(error.message).toContain(fixture('ts/throws.ts'));
  });

  it('reloads a changed file and serves an unchanged one from the cache', async () => {
    const dir = tempDir();
    const file = join(dir, 'live.ts');
    writeFileSync(file, 'export default { v: 1 };\n');
    expect((await Config.fromFile(file)).get('v')).toBe(1);
    const again = await Config.fromFile(file);
    again.set('v', 5);
    expect((await Config.fromFile(file)).get('v')).toBe(1);
    writeFileSync(file, 'export default { v: 2, w: 0 };\n');
    expect((await Config.fromFile(file)).toDict()).toEqual({ v: 2, w: 0 });
  });
});

describe('Parse errors of JSON and YAML', () => {
  it('JSON: file, line and column', async () => {
    const error = (await Config.fromFile(fixture('json/syntax_error.json')).catch(
      (e: unknown) => e,
    )) as ConfigParseError;
    expect(error).toBeInstanceOf(ConfigParseError);
    expect([error.line, error.column]).toEqual([4, 3]);
    expect(error.message).toContain(`${fixture('json/syntax_error.json')}:4:3`);
  });

  it('JSON: positions are those of the file as written, after a substituted reference', async () => {
    const error = (await Config.fromFile(fixture('json/syntax_error_after_ref.json')).catch(
      (e: unknown) => e,
    )) as ConfigParseError;
    // line 3 is `  "item9": {{ _base_.item2 }}, "x": ]`; the bracket is at column 37
    expect([error.line, error.column]).toEqual([3, 37]);
  });

  it('YAML: file, line and column', async () => {
    const error = (await Config.fromFile(fixture('yaml/syntax_error.yaml')).catch(
      (e: unknown) => e,
    )) as ConfigParseError;
    expect(error).toBeInstanceOf(ConfigParseError);
    expect([error.line, error.column]).toEqual([3, 6]);
    expect(error.message).toContain(`${fixture('yaml/syntax_error.yaml')}:3:6`);
  });
});

describe('Predefined fields', () => {
  it.each(['json/predefined_var.json'])('substitutes the four names (%s)', async (name) => {
    const d = (await Config.fromFile(fixture(name))).toDict();
    expect(d).toEqual({
      item1: dirname(fixture(name)),
      item2: 'predefined_var.json',
      item3: 'abc_predefined_var',
      item4: '.json',
    });
  });

  it('YAML, and usePredefinedVariables: false', async () => {
    expect((await Config.fromFile(fixture('yaml/predefined_var.yaml'))).get('item1')).toBe(dirname(fixture('yaml/x')));
    const raw = await Config.fromFile(fixture('yaml/predefined_var.yaml'), { usePredefinedVariables: false });
    expect(raw.get('item1')).toBe('{{ fileDirname }}');
  });
});

describe('Environment variables', () => {
  afterEach(() => {
    delete process.env.ENG_T_ITEM1;
    delete process.env.ENG_T_ITEM2;
    delete process.env.ENG_T_ITEM3;
  });

  it.each(['json/environment_var.json', 'yaml/environment_var.yaml'])('%s', async (name) => {
    await expect(Config.fromFile(fixture(name))).rejects.toMatchObject({ code: 'ENV_VAR', file: fixture(name) });
    process.env.ENG_T_ITEM1 = '60';
    let cfg = await Config.fromFile(fixture(name));
    expect(cfg.toDict()).toEqual({ item1: '60', item2: 'default_value', item3: 80 });
    process.env.ENG_T_ITEM2 = 'new_value';
    process.env.ENG_T_ITEM3 = '50';
    cfg = await Config.fromFile(fixture(name));
    expect(cfg.toDict()).toEqual({ item1: '60', item2: 'new_value', item3: 50 });
    expect(cfg.envVariables).toEqual({ ENG_T_ITEM1: '60', ENG_T_ITEM2: 'new_value', ENG_T_ITEM3: '50' });
  });

  it('in the strings of a TS config', async () => {
    process.env.ENG_T_ITEM1 = 'x';
    const d = (await Config.fromFile(fixture('ts/environment_var.ts'))).toDict();
    expect(d).toEqual({ item1: 'x', item2: 'default_value', item3: 'root=/data/x' });
  });

  it('useEnvironmentVariables: false leaves the text alone', async () => {
    const d = (
      await Config.fromFile(fixture('yaml/environment_var.yaml'), { useEnvironmentVariables: false })
    ).toDict();
    expect(d.item1).toBe('{{ $ENG_T_ITEM1: }}');
  });
});

describe('Reserved keys and deprecation', () => {
  it.each(['json/reserved_key.json', 'yaml/reserved_key.yaml'])('%s', async (name) => {
    const error = (await Config.fromFile(fixture(name)).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('RESERVED_KEY');
    expect(error.message).toContain('filename is reserved for config file');
  });

  it('new Config refuses reserved keys too', () => {
    expect(() => new Config({ pretty_text: 1 })).toThrow(/pretty_text is reserved/);
    expect(() => new Config([0, 1] as never)).toThrow(TypeError);
  });

  it.each(['json/deprecated.json', 'json/deprecated_child.json'])('_deprecation_ warns (%s)', async (name) => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on('warning', listener);
    const cfg = await Config.fromFile(fixture(name));
    await new Promise((r) => setImmediate(r));
    process.off('warning', listener);
    expect(cfg.get('item1')).toEqual([1, 2]);
    expect(cfg.has('_deprecation_')).toBe(false);
    expect(warnings.some((m) => m.includes('will be deprecated') && m.includes('Please use ts/base.ts'))).toBe(true);
  });
});

describe('custom_imports', () => {
  it('imports the modules at load, unless importCustomModules is false', async () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__engConfigTestValue;
    await Config.fromFile(fixture('ts/custom_import.ts'), { importCustomModules: false });
    expect(g.__engConfigTestValue).toBeUndefined();
    await Config.fromFile(fixture('ts/custom_import.ts'));
    expect(g.__engConfigTestValue).toBe('imported');
  });

  it('imports an absolute path as it is, from a config in another directory', async () => {
    const g = globalThis as Record<string, unknown>;
    const dir = tempDir();
    const module = join(dir, 'registers.mjs');
    writeFileSync(module, 'globalThis.__engConfigAbsoluteImport = import.meta.url;\n');
    const file = join(dir, 'nested', 'cfg.json');
    mkdirSync(dirname(file));
    writeFileSync(file, JSON.stringify({ custom_imports: { imports: [module] }, item: 1 }));
    delete g.__engConfigAbsoluteImport;
    await Config.fromFile(file);
    expect(g.__engConfigAbsoluteImport).toMatch(/registers\.mjs$/);
  });

  it('a failed import is an error, or a warning with allow_failed_imports', async () => {
    const error = (await Config.fromFile(fixture('ts/custom_import_missing.ts')).catch(
      (e: unknown) => e,
    )) as ConfigError;
    expect(error.code).toBe('CUSTOM_IMPORT');
    expect(error.message).toContain('Failed to import custom modules from');
    expect(error.keyPath).toBe('custom_imports.imports.0');
    const cfg = await Config.fromFile(fixture('ts/custom_import_allowed.ts'));
    expect(cfg.get('item')).toBe(1);
  });
});
