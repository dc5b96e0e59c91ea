import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectsWith } from '../backend-contract';
import { FileIOError } from '../../src/errors';
import { getText, putText } from '../../src/io';
import { dump, load } from '../../src/load-dump';
import { BaseFileHandler } from '../../src/handlers/base';
import { getHandler, listFileFormats, registerHandler } from '../../src/handlers/registry';
import { TextHandler } from '../../src/handlers/text';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'eng-fileio-handlers-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const objForTest = [{ a: 'abc', b: 1 }, 2, 'c'];

describe('load and dump round trips, for every built-in format', () => {
  const cases: Array<[format: string, value: unknown]> = [
    ['json', objForTest],
    ['yaml', objForTest],
    ['yml', { model: { type: 'ResNet', depth: 50 }, lr: 0.01, tags: ['a', 'b'], none: null }],
    ['jsonl', [{ id: 1, label: 'cat' }, { id: 2, label: 'dog' }, 3, 'four', null]],
    ['txt', 'line one\nline two\n'],
  ];

  for (const [format, value] of cases) {
    it(`${format}: to a string, to the local disk and to memory://, by extension or by fileFormat`, async () => {
      const text = await dump(value, undefined, { fileFormat: format });
      expect(typeof text).toBe('string');
      const path = join(tmp, `obj.${format}`);
      await dump(value, path);
      expect(await readFile(path, 'utf8')).toBe(text);
      expect(await load(path)).toEqual(value);
      await dump(value, `memory://handlers/obj.${format}`);
      expect(await load(`memory://handlers/obj.${format}`)).toEqual(value);
      const noExt = join(tmp, `no_extension_${format}`);
      await dump(value, noExt, { fileFormat: format });
      expect(await load(noExt, { fileFormat: format })).toEqual(value);
    });
  }

  it("json dumps the string MMEngine's test expects (Python json.dumps separators), and indents on request", async () => {
    expect(await dump(objForTest, null, { fileFormat: 'json' })).toBe('[{"a": "abc", "b": 1}, 2, "c"]');
    expect(await dump({ a: 1, b: [1, 2] }, null, { fileFormat: 'json', indent: 2 })).toBe(
      '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}',
    );
  });

  it('json separators: Python defaults outside strings only, or the given pair', async () => {
    const tricky = { 'k,:': 'a, b: "c"', n: [1, { m: null }] };
    expect(await dump(tricky, null, { fileFormat: 'json' })).toBe('{"k,:": "a, b: \\"c\\"", "n": [1, {"m": null}]}');
    expect(await dump(tricky, null, { fileFormat: 'json', separators: [',', ':'] })).toBe(
      '{"k,:":"a, b: \\"c\\"","n":[1,{"m":null}]}',
    );
    expect(await dump({ a: [1, 2] }, null, { fileFormat: 'json', indent: 1, separators: [' ,', ' = '] })).toBe(
      '{\n "a" = [\n  1 ,\n  2\n ]\n}',
    );
    expect(await load(join(tmp, 'obj.json'))).toEqual(objForTest);
    const err = await rejectsWith(dump({}, null, { fileFormat: 'json', separators: [','] }), 'SERIALIZE_ERROR');
    expect(err.message).toContain('separators must be a pair of strings');
  });

  it('jsonl writes each record as json.dumps does', async () => {
    expect(await dump([{ a: 1, b: 'x,y' }, [1, 2]], null, { fileFormat: 'jsonl' })).toBe(
      '{"a": 1, "b": "x,y"}\n[1, 2]\n',
    );
  });

  it('yaml dumps block style', async () => {
    expect(await dump(objForTest, undefined, { fileFormat: 'yaml' })).toBe('- a: abc\n  b: 1\n- 2\n- c\n');
  });

  it('json turns Sets, Maps, typed arrays and safe bigints into JSON (MMEngine set_default)', async () => {
    const value = { s: new Set([1, 2]), m: new Map([['k', 1]]), t: new Float32Array([0.5, 1]), n: 5n };
    expect(JSON.parse(await dump(value, undefined, { fileFormat: 'json' }))).toEqual({
      s: [1, 2],
      m: { k: 1 },
      t: [0.5, 1],
      n: 5,
    });
    await rejectsWith(dump({ big: 2n ** 64n }, undefined, { fileFormat: 'json' }), 'SERIALIZE_ERROR');
    await rejectsWith(dump(undefined, undefined, { fileFormat: 'json' }), 'SERIALIZE_ERROR');
  });

  it('jsonl skips blank lines, reports the line of a bad record, and dumps only arrays', async () => {
    await putText('{"a":1}\n\n{"a":2}\r\n', 'memory://handlers/blank.jsonl');
    expect(await load('memory://handlers/blank.jsonl')).toEqual([{ a: 1 }, { a: 2 }]);
    await putText('{"a":1}\n{broken\n', 'memory://handlers/bad.jsonl');
    const err = await rejectsWith(load('memory://handlers/bad.jsonl'), 'PARSE_ERROR');
    expect(err.message).toContain('memory://handlers/bad.jsonl');
    expect(err.message).toContain('line 2');
    await rejectsWith(dump({ a: 1 }, undefined, { fileFormat: 'jsonl' }), 'SERIALIZE_ERROR');
    expect(await dump([], undefined, { fileFormat: 'jsonl' })).toBe('');
  });

  it('a file that does not parse names the file and the format', async () => {
    await writeFile(join(tmp, 'bad.json'), '{"a": ');
    const err = await rejectsWith(load(join(tmp, 'bad.json')), 'PARSE_ERROR');
    expect(err.message).toContain(join(tmp, 'bad.json'));
    expect(err.message).toContain('as json');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('a UTF-8 byte-order mark does not break JSON', async () => {
    await writeFile(join(tmp, 'bom.json'), '\ufeff{"a": 1}');
    expect(await load(join(tmp, 'bom.json'))).toEqual({ a: 1 });
  });

  it('encoding is honoured for load and dump', async () => {
    await dump({ name: 'café' }, join(tmp, 'latin.json'), { encoding: 'latin1' });
    expect((await readFile(join(tmp, 'latin.json'))).includes(0xe9)).toBe(true);
    expect(await load(join(tmp, 'latin.json'), { encoding: 'latin1' })).toEqual({ name: 'café' });
  });
});

describe('format errors', () => {
  it('dump without a file needs fileFormat', async () => {
    const err = await rejectsWith(dump(objForTest), 'INVALID_ARGUMENT');
    expect(err.message).toContain('fileFormat');
  });

  it('an unknown format lists the known ones and suggests the nearest', async () => {
    const err = await rejectsWith(dump(objForTest, join(tmp, 'tmp.jsn')), 'UNSUPPORTED_FORMAT');
    expect(err.message).toContain("'jsn'");
    expect(err.message).toContain('Did you mean "json"');
    expect(err.message).toContain('registerHandler');
    await rejectsWith(load(join(tmp, 'tmp.pkl')), 'UNSUPPORTED_FORMAT');
  });

  it('a file without extension needs fileFormat', async () => {
    const err = await rejectsWith(load(join(tmp, 'README')), 'UNSUPPORTED_FORMAT');
    expect(err.message).toContain('fileFormat');
  });

  it('format lookup ignores a leading dot and falls back to lower case', () => {
    expect(getHandler('.json')).toBe(getHandler('json'));
    expect(getHandler('YAML')).toBe(getHandler('yml'));
  });
});

describe('registerHandler', () => {
  class TxtHandler2 extends BaseFileHandler {
    override loadFromString(text: string) {
      return text;
    }
    override dumpToString(obj: unknown) {
      return `\n${String(obj)}`;
    }
  }

  it('adds formats, from an instance or a class, for one or several extensions', async () => {
    registerHandler(new TextHandler(), 'log');
    registerHandler(TxtHandler2, ['txt1', 'txt2']);
    expect(listFileFormats()).toEqual(expect.arrayContaining(['log', 'txt1', 'txt2']));
    await putText('1.jpg\n2.jpg', join(tmp, 'run.log'));
    expect(await load(join(tmp, 'run.log'))).toBe('1.jpg\n2.jpg');
    await dump('content', join(tmp, 'out.txt2'));
    expect(await getText(join(tmp, 'out.txt2'))).toBe('\ncontent');
  });

  it('replaces the handler of a format, as MMEngine does', async () => {
    registerHandler(new TxtHandler2(), 'txt3');
    registerHandler(new TextHandler(), 'txt3');
    expect(await dump('x', undefined, { fileFormat: 'txt3' })).toBe('x');
  });

  it('binary handlers go through get/put', async () => {
    class Bytes extends BaseFileHandler {
      override readonly strLike = false;
      override loadFromString(): never {
        throw new Error('binary only');
      }
      override loadFromBytes(bytes: Uint8Array) {
        return Array.from(bytes);
      }
      override dumpToString(obj: unknown) {
        return JSON.stringify(obj);
      }
      override dumpToBytes(obj: unknown) {
        return new Uint8Array(obj as number[]);
      }
    }
    registerHandler(new Bytes(), 'u8');
    await dump([0, 200, 255], 'memory://handlers/raw.u8');
    expect(await load('memory://handlers/raw.u8')).toEqual([0, 200, 255]);
  });

  it('validates the handler and the formats', () => {
    expect(() => registerHandler({} as never, 'x')).toThrow(FileIOError);
    expect(() => registerHandler(new TextHandler(), [])).toThrow(/fileFormats/);
    expect(() => registerHandler(new TextHandler(), [3 as never])).toThrow(/fileFormats/);
  });
});
