// Two processes fetching one file at once, and a process killed half way, with the built package as users run it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '@eng/test-utils';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startWeightsServer, type WeightsServer } from '../test/helpers';

const entry = pathToFileURL(join(packageRoot(import.meta.url), 'dist', 'index.js')).href;
const body = Uint8Array.from({ length: 2_000_000 }, (_, i) => (i * 2654435761) >>> 24);
const digest = createHash('sha256').update(body).digest('hex');

let server: WeightsServer;
let cacheDir: string;
beforeAll(async () => {
  server = await startWeightsServer();
  // about half a second per download, so two of them overlap
  server.routes.set('/w/big.safetensors', { body, chunks: 40, chunkDelayMs: 12 });
});
afterAll(() => server.close());
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'eng-hub-concurrent-'));
  server.requests.length = 0;
  server.timings.length = 0;
  return () => rmSync(cacheDir, { recursive: true, force: true });
});

function downloader(): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const script = `
    const { downloadWeights } = await import(${JSON.stringify(entry)});
    const file = await downloadWeights(process.argv[1], { sha256: process.argv[2], cacheDir: process.argv[3], progress: false });
    process.stdout.write(file);`;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', script, `${server.base}/w/big.safetensors`, digest, cacheDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
  return { child, done };
}

const target = () => join(cacheDir, 'big.safetensors');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

it('two processes fetching one file at once both end with one good copy', async () => {
  // neither response starts before both requests are in: the two downloads overlap however the processes start
  server.routes.set('/w/big.safetensors', { body, chunks: 40, chunkDelayMs: 12, gate: 2 });
  const a = downloader();
  const b = downloader();
  const [ra, rb] = await Promise.all([a.done, b.done]);
  expect(ra.err).toBe('');
  expect(rb.err).toBe('');
  expect([ra.code, rb.code]).toEqual([0, 0]);
  expect(ra.out).toBe(target());
  expect(rb.out).toBe(target());
  expect(server.requests).toHaveLength(2);
  const [first, second] = server.timings;
  expect(second?.start, 'the two downloads overlap').toBeLessThan(first?.end ?? 0);
  expect(sha(target())).toBe(digest);
  expect(readdirSync(cacheDir).sort()).toEqual(['.big.safetensors.json', 'big.safetensors']);
}, 60_000);

it('a process killed half way leaves no weights file, and the next one fetches the whole file', async () => {
  server.routes.set('/w/big.safetensors', { body, chunks: 40, chunkDelayMs: 12 });
  const killed = downloader();
  // kill it a little after its request arrived (a third of the way through the body)
  await Promise.race([
    killed.done,
    new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (server.requests.length > 0) {
          clearInterval(poll);
          setTimeout(resolve, 150);
        }
      }, 10);
    }),
  ]);
  expect(killed.child.exitCode).toBe(null);
  killed.child.kill('SIGKILL');
  await killed.done;
  expect(existsSync(target())).toBe(false);
  const next = await downloader().done;
  expect(next.code).toBe(0);
  expect(sha(target())).toBe(digest);
  // besides the good copy, at most the killed process's own temporary file (fileio sweeps those after an hour)
  const names = readdirSync(cacheDir).sort();
  expect(names.filter((n) => !n.endsWith('.tmp'))).toEqual(['.big.safetensors.json', 'big.safetensors']);
  for (const n of names.filter((n) => n.endsWith('.tmp'))) expect(n).toContain(`.${killed.child.pid}.`);
}, 60_000);
