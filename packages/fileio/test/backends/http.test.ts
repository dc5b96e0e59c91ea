import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectsWith } from '../backend-contract';
import { HttpError } from '../../src/errors';
import { exists, get, getLocalPath, getStream, getText } from '../../src/io';
import { load } from '../../src/load-dump';
import { listFromFile } from '../../src/parse';
import { HttpBackend } from '../../src/backends/http';

let server: Server;
let base = '';
const hits = new Map<string, number>();
/** How many chunks /trickle had sent when each of its connections closed. */
const trickleClosedAt: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    switch (path) {
      case '/hello.txt':
        res.end('hello world');
        return;
      case '/data/meta.json':
        res.setHeader('content-type', 'application/json');
        res.end('{"classes": ["cat", "dog"], "num": 2}');
        return;
      case '/filelist.txt':
        res.end('1.jpg\n2.jpg\n3.jpg');
        return;
      case '/flaky.bin':
        // the first request loses its connection before any response
        if (n === 1) req.socket.destroy();
        else res.end(Buffer.from([1, 2, 3]));
        return;
      case '/cut-body':
        // the first response announces 100 bytes and dies after 7
        if (n === 1) {
          res.writeHead(200, { 'content-length': '100' });
          res.write('partial');
          setTimeout(() => res.destroy(), 5);
        } else res.end('whole body');
        return;
      case '/stream':
        res.writeHead(200, { 'content-length': '6' });
        res.write('abc');
        setTimeout(() => res.end('def'), 5);
        return;
      case '/gzip': {
        const encoded = gzipSync(Buffer.from('a body that was gzipped on the way'));
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(encoded.byteLength) });
        res.end(encoded);
        return;
      }
      case '/trickle': {
        // headers at once, then a chunk every 20 ms until the client goes away (or 40 chunks)
        res.writeHead(200, { 'content-length': '40' });
        let sent = 0;
        const timer = setInterval(() => {
          res.write('x');
          if (++sent === 40) {
            clearInterval(timer);
            res.end();
          }
        }, 20);
        res.on('close', () => {
          clearInterval(timer);
          trickleClosedAt.push(sent);
        });
        return;
      }
      case '/cut-stream':
        // announces 100 bytes and dies after 7, every time
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.destroy(), 5);
        return;
      case '/no-head':
        if (req.method === 'HEAD') {
          res.statusCode = 405;
          res.end();
        } else res.end('get only');
        return;
      case '/busy':
        if (n <= 2) {
          res.statusCode = 503;
          res.end('try later');
        } else res.end('finally');
        return;
      case '/broken':
        res.statusCode = 500;
        res.end('always broken');
        return;
      case '/slow':
        return; // never answers
      default:
        res.statusCode = 404;
        res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => hits.clear());

const fast = { backoffMs: 5, maxBackoffMs: 20 };

describe('HttpBackend reads over fetch', () => {
  const http = new HttpBackend(fast);

  it('get returns the body as bytes and getText as text', async () => {
    expect(await http.get(`${base}/hello.txt`)).toEqual(new TextEncoder().encode('hello world'));
    expect(await http.getText(`${base}/hello.txt`)).toBe('hello world');
  });

  it('a 404 fails at once with an HttpError carrying the URL and the status', async () => {
    const err = await rejectsWith(http.get(`${base}/missing.txt`), 'HTTP_ERROR');
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(404);
    expect((err as HttpError).url).toBe(`${base}/missing.txt`);
    expect((err as HttpError).attempts).toBe(1);
    expect(err.message).toContain(`${base}/missing.txt`);
    expect(err.message).toContain('404');
    expect(hits.get('/missing.txt')).toBe(1);
  });

  it('a dropped connection is retried and then succeeds', async () => {
    expect(await http.get(`${base}/flaky.bin`)).toEqual(new Uint8Array([1, 2, 3]));
    expect(hits.get('/flaky.bin')).toBe(2);
  });

  it('a body cut off mid-way is retried like a dropped connection', async () => {
    expect(await http.getText(`${base}/cut-body`)).toBe('whole body');
    expect(hits.get('/cut-body')).toBe(2);
  });

  it('getStream streams the body with its content-length', async () => {
    const { size, chunks } = await getStream(`${base}/stream`);
    expect(size).toBe(6);
    let text = '';
    for await (const c of chunks) text += new TextDecoder().decode(c);
    expect(text).toBe('abcdef');
  });

  it('getStream throws an HttpError from the iteration when the body is cut short', async () => {
    const { size, chunks } = await getStream(`${base}/cut-stream`);
    expect(size).toBe(100);
    const consume = async () => {
      for await (const _ of chunks) {
        // reading
      }
    };
    const err = await consume().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
    expect((err as Error).message).toMatch(/cut-stream (broke off|ended) after 7/);
  });

  it('getStream decodes a gzip body and does not hold it to the encoded content-length', async () => {
    const { size, chunks } = await getStream(`${base}/gzip`);
    expect(size).toBeUndefined();
    let text = '';
    for await (const c of chunks) text += new TextDecoder().decode(c);
    expect(text).toBe('a body that was gzipped on the way');
  });

  it('a streamed body may take longer than timeoutMs: the clock stops at the headers', async () => {
    const patient = new HttpBackend({ ...fast, retries: 0, timeoutMs: 300 });
    const { chunks } = await patient.getStream(`${base}/trickle`);
    let n = 0;
    for await (const c of chunks) n += c.byteLength;
    expect(n).toBe(40); // about 800 ms of body
  });

  it('leaving a stream early, or cancelling it unread, closes the connection', async () => {
    trickleClosedAt.length = 0;
    const first = await getStream(`${base}/trickle`);
    for await (const _ of first.chunks) break;
    const second = await getStream(`${base}/trickle`);
    await second.cancel?.();
    await vi.waitFor(() => expect(trickleClosedAt).toHaveLength(2), { timeout: 2000 });
    for (const sent of trickleClosedAt) expect(sent).toBeLessThan(40);
  });

  it('getStream of a missing file fails before any byte, with the status', async () => {
    const err = (await rejectsWith(getStream(`${base}/nope`), 'HTTP_ERROR')) as HttpError;
    expect(err.status).toBe(404);
  });

  it('retryable statuses are retried with backoff until they succeed', async () => {
    expect(await http.getText(`${base}/busy`)).toBe('finally');
    expect(hits.get('/busy')).toBe(3);
  });

  it('gives up after the configured retries and says how many attempts were made', async () => {
    const once = new HttpBackend({ ...fast, retries: 2 });
    const err = (await rejectsWith(once.get(`${base}/broken`), 'HTTP_ERROR')) as HttpError;
    expect(err.status).toBe(500);
    expect(err.attempts).toBe(3);
    expect(err.message).toContain('after 3 attempts');
    expect(hits.get('/broken')).toBe(3);
  });

  it('waits exponentially longer between attempts', async () => {
    const slow = new HttpBackend({ retries: 2, backoffMs: 40, backoffFactor: 2 });
    const start = performance.now();
    await expect(slow.get(`${base}/broken`)).rejects.toThrow(HttpError);
    // 40 ms then 80 ms of backoff
    expect(performance.now() - start).toBeGreaterThanOrEqual(110);
  });

  it('a timed-out attempt counts as a failure', async () => {
    const impatient = new HttpBackend({ ...fast, retries: 1, timeoutMs: 50 });
    const err = (await rejectsWith(impatient.get(`${base}/slow`), 'HTTP_ERROR')) as HttpError;
    expect(err.status).toBeUndefined();
    expect(err.attempts).toBe(2);
    expect(hits.get('/slow')).toBe(2);
  });

  it('a connection refused is reported with the URL', async () => {
    const refused = new HttpBackend({ ...fast, retries: 1 });
    const err = (await rejectsWith(refused.get('http://127.0.0.1:1/x'), 'HTTP_ERROR')) as HttpError;
    expect(err.url).toBe('http://127.0.0.1:1/x');
    expect(err.message).toContain('failed after 2 attempts');
  });

  it('exists, isFile and isDir answer with HEAD requests', async () => {
    expect(await http.exists(`${base}/hello.txt`)).toBe(true);
    expect(await http.isFile(`${base}/hello.txt`)).toBe(true);
    expect(await http.exists(`${base}/missing.txt`)).toBe(false);
    expect(await http.isDir(`${base}/hello.txt`)).toBe(false);
    // servers that refuse HEAD are asked with GET
    expect(await http.exists(`${base}/no-head`)).toBe(true);
  });

  it('joinPath joins URL segments', () => {
    expect(http.joinPath(`${base}/a/`, 'b', 'c.txt')).toBe(`${base}/a/b/c.txt`);
  });

  it('getLocalPath downloads to a temporary file that is removed afterwards', async () => {
    let seen = '';
    const text = await http.getLocalPath(`${base}/data/meta.json`, async (path) => {
      seen = path;
      expect(path.endsWith('meta.json')).toBe(true);
      return readFile(path, 'utf8');
    });
    expect(JSON.parse(text)).toEqual({ classes: ['cat', 'dog'], num: 2 });
    await expect(stat(seen)).rejects.toThrow();
  });

  it('copyfileToLocal downloads a file', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'eng-fileio-http-'));
    try {
      expect(await http.copyfileToLocal(`${base}/hello.txt`, dir)).toBe(join(dir, 'hello.txt'));
      expect(await readFile(join(dir, 'hello.txt'), 'utf8')).toBe('hello world');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses every write with a READ_ONLY error naming the URL', async () => {
    const url = `${base}/upload.txt`;
    const err = await rejectsWith(http.put(new Uint8Array([1]), url), 'READ_ONLY');
    expect(err.message).toContain(url);
    await rejectsWith(http.putText('x', url), 'READ_ONLY');
    await rejectsWith(http.remove(url), 'READ_ONLY');
    await rejectsWith(http.rmtree(url), 'READ_ONLY');
    await rejectsWith(http.copyfile(url, `${base}/b`), 'READ_ONLY');
    await rejectsWith(http.copytree(url, `${base}/b`), 'READ_ONLY');
    await rejectsWith(http.copyfileFromLocal('/etc/hostname', url), 'READ_ONLY');
    await rejectsWith(http.copytreeFromLocal('/tmp', url), 'READ_ONLY');
    expect(hits.size).toBe(0);
  });

  it('listing is not supported', async () => {
    const listing = http.listDirOrFile(`${base}/`);
    await rejectsWith(listing[Symbol.asyncIterator]().next(), 'NOT_SUPPORTED');
  });
});

describe('http:// and https:// URIs through the module-level functions', () => {
  const backendArgs = fast;

  it('get, getText and exists dispatch to HttpBackend', async () => {
    expect(await getText(`${base}/hello.txt`, { backendArgs })).toBe('hello world');
    expect(await get(`${base}/flaky.bin`, { backendArgs })).toEqual(new Uint8Array([1, 2, 3]));
    expect(await exists(`${base}/nope`, { backendArgs })).toBe(false);
  });

  it('load parses a remote JSON file', async () => {
    expect(await load(`${base}/data/meta.json`, { backendArgs })).toEqual({ classes: ['cat', 'dog'], num: 2 });
  });

  it('listFromFile reads a remote list', async () => {
    expect(await listFromFile(`${base}/filelist.txt`, { backendArgs })).toEqual(['1.jpg', '2.jpg', '3.jpg']);
    expect(await listFromFile(`${base}/filelist.txt`, { backendArgs: { backend: 'http' } })).toEqual([
      '1.jpg',
      '2.jpg',
      '3.jpg',
    ]);
  });

  it('getLocalPath works on URLs', async () => {
    expect(await getLocalPath(`${base}/hello.txt`, (p) => readFile(p, 'utf8'), { backendArgs })).toBe('hello world');
  });
});
