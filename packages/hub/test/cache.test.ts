import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { put } from '@eng/fileio';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheFileName, downloadWeights, HubError, hubCacheDir, isCached, isLocalUri } from '../src';
import { startWeightsServer, type WeightsServer } from './helpers';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const body = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
const bodySha = sha(body);

let server: WeightsServer;
let cacheDir: string;

beforeAll(async () => {
  server = await startWeightsServer();
});
afterAll(() => server.close());
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'eng-hub-cache-'));
  server.requests.length = 0;
  server.routes.clear();
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

/** The cache folder's files other than the bookkeeping records (temporaries would show up here). */
const filesIn = (dir: string) => readdirSync(dir).filter((f) => !/^\.[^.].*\.json$/.test(f));

describe('downloadWeights', () => {
  it('fetches into the cache under the URL file name, checks the sha256 and reuses the file', async () => {
    server.routes.set('/models/net-1a2b.safetensors', { body, chunks: 5 });
    const uri = `${server.base}/models/net-1a2b.safetensors?download=1`;
    const file = await downloadWeights(uri, { sha256: bodySha, cacheDir });
    expect(file).toBe(join(cacheDir, 'net-1a2b.safetensors'));
    expect(sha(readFileSync(file))).toBe(bodySha);
    expect(await downloadWeights(uri, { sha256: bodySha, cacheDir })).toBe(file);
    expect(server.requests).toEqual(['/models/net-1a2b.safetensors']);
    expect(filesIn(cacheDir)).toEqual(['net-1a2b.safetensors']);
  });

  it('fetches a cached file again when it no longer matches its sha256', async () => {
    server.routes.set('/w.bin', { body });
    const uri = `${server.base}/w.bin`;
    const file = await downloadWeights(uri, { sha256: bodySha, cacheDir });
    const damaged = readFileSync(file);
    damaged[10] = (damaged[10] ?? 0) ^ 1;
    writeFileSync(file, damaged);
    await downloadWeights(uri, { sha256: bodySha, cacheDir });
    expect(sha(readFileSync(file))).toBe(bodySha);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a transfer that arrives corrupted and keeps only the good copy', async () => {
    server.routes.set('/w.bin', { body, corrupt: 1 });
    const file = await downloadWeights(`${server.base}/w.bin`, { sha256: bodySha, cacheDir });
    expect(sha(readFileSync(file))).toBe(bodySha);
    expect(server.requests).toHaveLength(2);
    expect(filesIn(cacheDir)).toEqual(['w.bin']);
  });

  it('fails with both checksums when every attempt is corrupted, and leaves nothing behind', async () => {
    server.routes.set('/w.bin', { body, corrupt: 5 });
    const error = await downloadWeights(`${server.base}/w.bin`, {
      sha256: bodySha,
      cacheDir,
      source: 'net in model-index.yml',
    }).catch((e: unknown) => e);
    expect(HubError.isInstance(error) && error.code).toBe('CHECKSUM_MISMATCH');
    expect((error as Error).message).toContain(bodySha);
    expect((error as Error).message).toContain('net in model-index.yml');
    expect(server.requests).toHaveLength(2);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('detects a download cut short, leaves nothing, and the next call gets the whole file', async () => {
    server.routes.set('/w.bin', { body, cut: 2, cutAt: 1000 });
    const error = await downloadWeights(`${server.base}/w.bin`, { sha256: bodySha, cacheDir }).catch((e: unknown) => e);
    expect(HubError.isInstance(error) && error.code).toBe('DOWNLOAD_FAILED');
    expect(readdirSync(cacheDir)).toEqual([]);
    const file = await downloadWeights(`${server.base}/w.bin`, { sha256: bodySha, cacheDir });
    expect(sha(readFileSync(file))).toBe(bodySha);
  });

  it('without a checksum, a cut-short body (length announced) is still never kept', async () => {
    server.routes.set('/w.bin', { body, cut: 1, cutAt: 5000 });
    await expect(downloadWeights(`${server.base}/w.bin`, { cacheDir, retries: 0 })).rejects.toThrow(/w\.bin/);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('shares one download between concurrent calls in a process', async () => {
    server.routes.set('/w.bin', { body, chunks: 10, chunkDelayMs: 5 });
    const uri = `${server.base}/w.bin`;
    const [a, b] = await Promise.all([
      downloadWeights(uri, { sha256: bodySha, cacheDir }),
      downloadWeights(uri, { sha256: bodySha, cacheDir }),
    ]);
    expect(a).toBe(b);
    expect(server.requests).toHaveLength(1);
  });

  it('names the URI and the status when the server has no such file', async () => {
    const error = await downloadWeights(`${server.base}/missing.bin`, { cacheDir }).catch((e: unknown) => e);
    expect(HubError.isInstance(error) && error.code).toBe('DOWNLOAD_FAILED');
    expect((error as Error).message).toMatch(/missing\.bin.*404/s);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('keeps two URIs whose paths end in the same file name apart, and reuses both', async () => {
    server.routes.set('/a/w.bin', { body });
    server.routes.set('/b/w.bin', { body: body.subarray(0, 10) });
    const a = await downloadWeights(`${server.base}/a/w.bin`, { cacheDir });
    const b = await downloadWeights(`${server.base}/b/w.bin`, { cacheDir });
    expect(a).toBe(join(cacheDir, 'w.bin'));
    expect(b).not.toBe(a);
    expect(b.endsWith(join('', 'w.bin'))).toBe(true);
    expect(readFileSync(a).byteLength).toBe(body.byteLength);
    expect(readFileSync(b).byteLength).toBe(10);
    expect(await downloadWeights(`${server.base}/b/w.bin`, { cacheDir })).toBe(b);
    expect(await downloadWeights(`${server.base}/a/w.bin`, { cacheDir })).toBe(a);
    expect(server.requests).toEqual(['/a/w.bin', '/b/w.bin']);
    expect(isCached(`${server.base}/b/w.bin`, { cacheDir })).toBe(true);
    expect(isCached(`${server.base}/c/w.bin`, { cacheDir })).toBe(false);
  });

  it('concurrent calls for two such URIs with their own checksums each get their own file', async () => {
    const other = body.map((v) => v ^ 1);
    server.routes.set('/a/w.bin', { body, chunks: 10, chunkDelayMs: 3 });
    server.routes.set('/b/w.bin', { body: other, chunks: 10, chunkDelayMs: 3 });
    const [a, b] = await Promise.all([
      downloadWeights(`${server.base}/a/w.bin`, { sha256: bodySha, cacheDir }),
      downloadWeights(`${server.base}/b/w.bin`, { sha256: sha(other), cacheDir }),
    ]);
    expect(a).not.toBe(b);
    expect(sha(readFileSync(a))).toBe(bodySha);
    expect(sha(readFileSync(b))).toBe(sha(other));
  });

  it('a cached copy that fails its check and cannot be fetched again is removed, not kept', async () => {
    server.routes.set('/w.bin', { body });
    const file = await downloadWeights(`${server.base}/w.bin`, { sha256: bodySha, cacheDir });
    writeFileSync(file, 'damaged');
    server.routes.set('/w.bin', { body, corrupt: 5 });
    await expect(downloadWeights(`${server.base}/w.bin`, { sha256: bodySha, cacheDir })).rejects.toThrow(/sha256/);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('a 404 is not retried by the cache (the HTTP backend retries what is worth retrying)', async () => {
    await expect(downloadWeights(`${server.base}/gone.bin`, { cacheDir })).rejects.toThrow(/404/);
    expect(server.requests).toEqual(['/gone.bin']);
  });

  it('fetches from any registered fileio backend (here memory://) into the cache', async () => {
    await put(body, 'memory://hub-test/models/m.safetensors');
    const file = await downloadWeights('memory://hub-test/models/m.safetensors', { sha256: bodySha, cacheDir });
    expect(file).toBe(join(cacheDir, 'm.safetensors'));
    expect(sha(readFileSync(file))).toBe(bodySha);
  });

  it('uses a local file in place, after checking it', async () => {
    const local = join(cacheDir, 'local.safetensors');
    writeFileSync(local, body);
    expect(await downloadWeights(local, { sha256: bodySha })).toBe(local);
    await expect(downloadWeights(local, { sha256: '0'.repeat(64) })).rejects.toThrow(/local\.safetensors: sha256 is/);
    await expect(downloadWeights(join(cacheDir, 'nope.bin'))).rejects.toThrow(/No weights file .*nope\.bin/);
  });
});

describe('the cache folder', () => {
  const saved = { ENG_HOME: process.env.ENG_HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('is $ENG_HOME/hub, read when a download needs it', async () => {
    process.env.ENG_HOME = join(cacheDir, 'home');
    expect(hubCacheDir()).toBe(join(cacheDir, 'home', 'hub'));
    server.routes.set('/w.bin', { body });
    const file = await downloadWeights(`${server.base}/w.bin`, { sha256: bodySha });
    expect(file).toBe(join(cacheDir, 'home', 'hub', 'w.bin'));
    expect(existsSync(file)).toBe(true);
  });

  it('defaults to $XDG_CACHE_HOME/eng/hub, then ~/.cache/eng/hub', () => {
    delete process.env.ENG_HOME;
    process.env.XDG_CACHE_HOME = join(cacheDir, 'xdg');
    expect(hubCacheDir()).toBe(join(cacheDir, 'xdg', 'eng', 'hub'));
    delete process.env.XDG_CACHE_HOME;
    expect(hubCacheDir()).toBe(join(homedir(), '.cache', 'eng', 'hub'));
  });

  it('names files after the last segment of the URI path', () => {
    expect(cacheFileName('https://x.org/a/b/resnet18-f37072fd.pth?x=1#y')).toBe('resnet18-f37072fd.pth');
    expect(cacheFileName('memory://bucket/w%20x.safetensors')).toBe('w x.safetensors');
    expect(() => cacheFileName('https://x.org/')).toThrow(/does not end in a file name/);
    expect(isLocalUri('/a/b.bin')).toBe(true);
    expect(isLocalUri('file:///a/b.bin')).toBe(true);
    expect(isLocalUri('https://x.org/b.bin')).toBe(false);
  });
});
