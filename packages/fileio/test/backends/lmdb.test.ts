import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectsWith } from '../backend-contract';
import { exists, get, getText } from '../../src/io';
import { load } from '../../src/load-dump';
import { resetBackendInstances } from '../../src/registry';
import { LmdbBackend } from '../../src/backends/lmdb';

let dir = '';
let dbPath = '';
const image = new Uint8Array([137, 80, 78, 71, 0, 255]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eng-fileio-lmdb-'));
  dbPath = join(dir, 'demo.lmdb'); // a directory holding data.mdb, as Python's lmdb makes it
  const db = open({ path: dbPath, noSubdir: false, keyEncoding: 'binary', encoding: 'binary' });
  await db.put(Buffer.from('baboon'), Buffer.from(image));
  await db.put(Buffer.from('meta.json'), Buffer.from('{"size": [120, 125, 3]}'));
  await db.close();
});

afterAll(async () => {
  await resetBackendInstances();
  await rm(dir, { recursive: true, force: true });
});

describe('LmdbBackend (read-only, on the optional peer `lmdb`)', () => {
  it('get reads the value stored under a key', async () => {
    const backend = new LmdbBackend({ dbPath });
    try {
      expect(await backend.get('baboon')).toEqual(image);
      expect(await backend.exists('baboon')).toBe(true);
      expect(await backend.exists('nothing')).toBe(false);
      expect(await backend.isFile('baboon')).toBe(true);
      expect(await backend.isDir('baboon')).toBe(false);
      expect(await backend.getText('meta.json')).toBe('{"size": [120, 125, 3]}');
    } finally {
      await backend.close();
    }
  });

  it('a missing key is NOT_FOUND, naming the key and the database', async () => {
    const backend = new LmdbBackend({ dbPath });
    try {
      const err = await rejectsWith(backend.get('missing'), 'NOT_FOUND');
      expect(err.message).toContain("'missing'");
      expect(err.message).toContain(dbPath);
    } finally {
      await backend.close();
    }
  });

  it('writes are refused', async () => {
    const backend = new LmdbBackend({ dbPath });
    await rejectsWith(backend.put(new Uint8Array([1]), 'k'), 'READ_ONLY');
    await rejectsWith(backend.putText('x', 'k'), 'READ_ONLY');
    await rejectsWith(backend.remove('baboon'), 'NOT_SUPPORTED');
  });

  it('a database that does not exist is NOT_FOUND and is not created', async () => {
    const missing = join(dir, 'missing.lmdb');
    await rejectsWith(new LmdbBackend({ dbPath: missing }).get('k'), 'NOT_FOUND');
    await expect(stat(missing)).rejects.toThrow();
  });

  it('needs dbPath', () => {
    expect(() => new LmdbBackend({} as { dbPath: string })).toThrow(/dbPath/);
  });

  it('says how to install `lmdb` when it cannot be loaded', async () => {
    class WithoutLmdb extends LmdbBackend {
      static override importLmdb = () => Promise.reject(new Error("Cannot find package 'lmdb'"));
    }
    const err = await rejectsWith(new WithoutLmdb({ dbPath }).get('baboon'), 'MISSING_PEER');
    expect(err.message).toContain('npm install lmdb');
  });

  it('is reached with lmdb:// URIs or backendArgs { backend: "lmdb" }', async () => {
    expect(await get('lmdb://baboon', { backendArgs: { dbPath } })).toEqual(image);
    expect(await get('baboon', { backendArgs: { backend: 'lmdb', dbPath } })).toEqual(image);
    expect(await exists('lmdb://nothing', { backendArgs: { dbPath } })).toBe(false);
    expect(await getText('lmdb://meta.json', { backendArgs: { dbPath } })).toContain('size');
    expect(await load('lmdb://meta.json', { backendArgs: { dbPath } })).toEqual({ size: [120, 125, 3] });
  });
});
