import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, rejectsWith } from './backend-contract';
import { LocalBackend } from '../src/backends/local';
import * as io from '../src/io';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'eng-fileio-io-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('module-level functions dispatch by URI prefix', () => {
  it('plain paths go to the local disk, memory:// to memory', async () => {
    await io.putText('on disk', join(tmp, 'a.txt'));
    expect(await readFile(join(tmp, 'a.txt'), 'utf8')).toBe('on disk');
    await io.putText('in memory', 'memory://io/a.txt');
    expect(await io.getText('memory://io/a.txt')).toBe('in memory');
    expect(await io.exists(join(tmp, 'memory:', 'io'))).toBe(false);
  });

  it('get and put move bytes, and writes create directories', async () => {
    await io.put(new Uint8Array([1, 2, 3]), join(tmp, 'new', 'dir', 'b.bin'));
    expect(await io.get(join(tmp, 'new', 'dir', 'b.bin'))).toEqual(new Uint8Array([1, 2, 3]));
    await io.put(new Uint8Array([4]), 'memory://io/deep/b.bin');
    expect(await io.get('memory://io/deep/b.bin')).toEqual(new Uint8Array([4]));
  });

  it('exists, isDir, isFile', async () => {
    expect(await io.exists(tmp)).toBe(true);
    expect(await io.isDir(tmp)).toBe(true);
    expect(await io.isFile(tmp)).toBe(false);
    expect(await io.isFile(join(tmp, 'a.txt'))).toBe(true);
    expect(await io.isDir('memory://io/deep')).toBe(true);
    expect(await io.isFile('memory://io/deep/b.bin')).toBe(true);
  });

  it('joinPath uses the separator of the backend of the base', () => {
    expect(io.joinPath('/data', 'dir', 'file')).toBe('/data/dir/file');
    expect(io.joinPath('memory://runs/', 'exp1', 'log.json')).toBe('memory://runs/exp1/log.json');
    expect(io.joinPath('memory://', 'x')).toBe('memory://x');
    expect(io.joinPath('https://host/models', 'a.bin')).toBe('https://host/models/a.bin');
  });

  it('getLocalPath gives local paths as they are and temporary copies of the rest', async () => {
    expect(await io.getLocalPath(join(tmp, 'a.txt'), (p) => p)).toBe(join(tmp, 'a.txt'));
    const text = await io.getLocalPath('memory://io/a.txt', (p) => readFile(p, 'utf8'));
    expect(text).toBe('in memory');
  });

  it('remove and rmtree', async () => {
    await io.putText('x', 'memory://io/rm/f.txt');
    await io.putText('x', 'memory://io/rm/g.txt');
    await io.remove('memory://io/rm/f.txt');
    expect(await io.exists('memory://io/rm/f.txt')).toBe(false);
    await io.rmtree('memory://io/rm');
    expect(await io.exists('memory://io/rm')).toBe(false);
    await rejectsWith(io.remove(join(tmp, 'nope')), 'NOT_FOUND');
  });

  it('copyfile and copytree stay within one backend', async () => {
    await io.putText('c', 'memory://io/cp/src.txt');
    expect(await io.copyfile('memory://io/cp/src.txt', 'memory://io/cp/dst.txt')).toBe('memory://io/cp/dst.txt');
    expect(await io.copytree('memory://io/cp', 'memory://io/cp2')).toBe('memory://io/cp2');
    expect(await io.getText('memory://io/cp2/dst.txt')).toBe('c');
  });

  it('copies between the local disk and another backend', async () => {
    expect(await io.copyfileFromLocal(join(tmp, 'a.txt'), 'memory://io/up/a.txt')).toBe('memory://io/up/a.txt');
    expect(await io.getText('memory://io/up/a.txt')).toBe('on disk');
    expect(await io.copyfileToLocal('memory://io/a.txt', join(tmp, 'down.txt'))).toBe(join(tmp, 'down.txt'));
    expect(await readFile(join(tmp, 'down.txt'), 'utf8')).toBe('in memory');
    expect(await io.copytreeFromLocal(join(tmp, 'new'), 'memory://io/tree')).toBe('memory://io/tree');
    expect(await io.get('memory://io/tree/dir/b.bin')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await io.copytreeToLocal('memory://io/tree', join(tmp, 'tree-back'))).toBe(join(tmp, 'tree-back'));
    expect(await io.get(join(tmp, 'tree-back', 'dir', 'b.bin'))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('copyIfSymlinkFails links on disk and is not supported elsewhere', async () => {
    expect(await io.copyIfSymlinkFails(join(tmp, 'a.txt'), join(tmp, 'a-link.txt'))).toBe(true);
    expect(await io.getText(join(tmp, 'a-link.txt'))).toBe('on disk');
    await rejectsWith(io.copyIfSymlinkFails('memory://io/a.txt', 'memory://io/l'), 'NOT_SUPPORTED');
  });

  it('backendArgs { backend } overrides the prefix', async () => {
    const backendArgs = { backend: 'memory' };
    await io.putText('named', 'io/named.txt', { backendArgs });
    expect(await io.getText('memory://io/named.txt')).toBe('named');
  });
});

describe('listDirOrFile', () => {
  let root = '';
  beforeAll(async () => {
    root = join(tmp, 'tree');
    await buildTree(new LocalBackend(), root);
  });

  it('can be awaited for an array', async () => {
    const listing = io.listDirOrFile(root);
    expect(listing).toBeInstanceOf(io.DirListing);
    expect(new Set(await listing)).toEqual(new Set(['dir1', 'dir2', 'text1.txt', 'text2.txt']));
  });

  it('can be iterated with for await', async () => {
    const seen: string[] = [];
    for await (const p of io.listDirOrFile(root, { listDir: false, suffix: '.txt', recursive: true })) seen.push(p);
    expect(new Set(seen)).toEqual(new Set(['dir1/text3.txt', 'dir2/dir3/text4.txt', 'text1.txt', 'text2.txt']));
  });

  it('reports bad options and missing directories when consumed', async () => {
    const bad = io.listDirOrFile(root, { suffix: '.txt' });
    await rejectsWith(Promise.resolve(bad.toArray()), 'INVALID_ARGUMENT');
    await expect(io.listDirOrFile(join(root, 'missing'))).rejects.toThrow(/missing/);
  });

  it('works on memory:// too', async () => {
    await io.putText('x', 'memory://listing/a/b.txt');
    expect(await io.listDirOrFile('memory://listing', { recursive: true })).toEqual(['a', 'a/b.txt']);
  });
});
