import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectsWith } from './backend-contract';
import { putText } from '../src/io';
import { dictFromFile, listFromFile } from '../src/parse';

let tmp = '';
let aTxt = '';
let bTxt = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'eng-fileio-parse-'));
  aTxt = join(tmp, 'a.txt');
  bTxt = join(tmp, 'b.txt');
  await writeFile(aTxt, 'a\nb\nc\nd\ne\n');
  await writeFile(bTxt, '1 cat\n2 dog cow\n3 panda\n');
  await putText('a\nb\nc\nd\ne', 'memory://parse/a.txt');
  await putText('1 cat\n2 dog cow\n3 panda', 'memory://parse/b.txt');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("listFromFile (MMEngine's list_from_file)", () => {
  it("reproduces MMEngine's documented examples from disk and from another backend", async () => {
    for (const file of [aTxt, 'memory://parse/a.txt']) {
      expect(await listFromFile(file)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await listFromFile(file, { offset: 2 })).toEqual(['c', 'd', 'e']);
      expect(await listFromFile(file, { maxNum: 2 })).toEqual(['a', 'b']);
      expect(await listFromFile(file, { prefix: '/mnt/' })).toEqual(['/mnt/a', '/mnt/b', '/mnt/c', '/mnt/d', '/mnt/e']);
    }
  });

  it('combines offset and maxNum; zero or negative maxNum means no limit', async () => {
    expect(await listFromFile(aTxt, { offset: 3, maxNum: 3 })).toEqual(['d', 'e']);
    expect(await listFromFile(aTxt, { maxNum: -1 })).toHaveLength(5);
    expect(await listFromFile(aTxt, { offset: 10 })).toEqual([]);
  });

  it('strips \\r\\n endings and keeps empty lines in the middle', async () => {
    await putText('x\r\n\r\ny\r\n', 'memory://parse/crlf.txt');
    expect(await listFromFile('memory://parse/crlf.txt')).toEqual(['x', '', 'y']);
  });

  it('decodes with the given encoding', async () => {
    await putText('é\nü\n', 'memory://parse/latin.txt', { encoding: 'latin1' });
    expect(await listFromFile('memory://parse/latin.txt', { encoding: 'latin1' })).toEqual(['é', 'ü']);
  });
});

describe("dictFromFile (MMEngine's dict_from_file)", () => {
  it("reproduces MMEngine's documented examples from disk and from another backend", async () => {
    for (const file of [bTxt, 'memory://parse/b.txt']) {
      expect(await dictFromFile(file)).toEqual({ '1': 'cat', '2': ['dog', 'cow'], '3': 'panda' });
      expect(await dictFromFile(file, { keyType: 'int' })).toEqual({ 1: 'cat', 2: ['dog', 'cow'], 3: 'panda' });
    }
  });

  it('splits on any whitespace and converts keys with keyType', async () => {
    await putText('01\tcat\n 2.5   dog  cow \n', 'memory://parse/tabs.txt');
    expect(await dictFromFile('memory://parse/tabs.txt')).toEqual({ '01': 'cat', '2.5': ['dog', 'cow'] });
    const numeric: Record<number, string | string[]> = await dictFromFile('memory://parse/tabs.txt', {
      keyType: Number,
    });
    expect(Object.keys(await dictFromFile('memory://parse/tabs.txt', { keyType: String }))).toEqual(['01', '2.5']);
    expect(numeric).toEqual({
      1: 'cat',
      2.5: ['dog', 'cow'],
    });
    expect(await dictFromFile('memory://parse/tabs.txt', { keyType: (k) => `id-${k}` })).toEqual({
      'id-01': 'cat',
      'id-2.5': ['dog', 'cow'],
    });
  });

  it('names the file and line of a key that does not convert or a line without a value', async () => {
    const bad = await rejectsWith(dictFromFile(bTxt.replace('b.txt', 'nope.txt')), 'NOT_FOUND');
    expect(bad.message).toContain('nope.txt');
    await putText('1 cat\nx dog\n', 'memory://parse/badkey.txt');
    const e1 = await rejectsWith(dictFromFile('memory://parse/badkey.txt', { keyType: 'int' }), 'PARSE_ERROR');
    expect(e1.message).toContain('memory://parse/badkey.txt:2');
    await putText('1 cat\nlonely\n', 'memory://parse/short.txt');
    const e2 = await rejectsWith(dictFromFile('memory://parse/short.txt'), 'PARSE_ERROR');
    expect(e2.message).toContain(':2');
  });

  it('a key named __proto__ is an ordinary key', async () => {
    await putText('__proto__ polluted\n', 'memory://parse/proto.txt');
    const out = await dictFromFile('memory://parse/proto.txt');
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
