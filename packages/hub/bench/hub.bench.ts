// What the weights cache costs, each against a baseline run in the same rounds (A B A B, medians with ranges):
// - download: 32 MiB over loopback HTTP through downloadWeights (streamed to a temporary file while hashed with
//   sha256, fsync, rename, bookkeeping record) against fileio `get` of the whole body plus writeFileAtomic (what a
//   download without the checks costs);
// - reuse: downloadWeights of the cached file (which hashes it, to catch a damaged copy) against reading that file
//   (what loading the weights costs anyway).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, writeFileAtomic } from '@eng/fileio';
import { formatRange, interleave, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { downloadWeights } from '../src/index';
import { startWeightsServer } from '../test/helpers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SIZE = 32 * 1024 * 1024;
const body = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i += 4096) body[i] = (i >>> 12) & 0xff;
const sha256 = createHash('sha256').update(body).digest('hex');

const server = await startWeightsServer();
server.routes.set('/w.safetensors', { body, chunks: 64 });
const uri = `${server.base}/w.safetensors`;
const root = mkdtempSync(join(tmpdir(), 'eng-hub-bench-'));
let runs = 0;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const cached = join(root, 'cached');
await downloadWeights(uri, { sha256, cacheDir: cached, progress: false });

const figures = await interleave(ROUNDS, {
  raw: () => timed(async () => writeFileAtomic(join(root, `raw${runs++}`, 'w.safetensors'), await get(uri))),
  hub: () => timed(() => downloadWeights(uri, { sha256, cacheDir: join(root, `hub${runs++}`), progress: false })),
  read: () => timed(() => readFile(join(cached, 'w.safetensors'))),
  reuse: () => timed(() => downloadWeights(uri, { sha256, cacheDir: cached, progress: false })),
});
await server.close();
rmSync(root, { recursive: true, force: true });

const f = figures as Record<'raw' | 'hub' | 'read' | 'reuse', number[]>;
const downloadRatio = ratioOf(f.hub, f.raw);
const reuseRatio = ratioOf(f.reuse, f.read);
console.log(`\n32 MiB over loopback HTTP, ms (${ROUNDS} rounds A B A B)`);
console.log(`  fileio get + writeFileAtomic (baseline)  ${formatRange(summarize(f.raw), ' ms')}`);
console.log(
  `  downloadWeights (stream, sha256, atomic)  ${formatRange(summarize(f.hub), ' ms')}  ratio ${formatRange(downloadRatio, 'x')}`,
);
console.log('a cached 32 MiB file, ms');
console.log(`  readFile (baseline)                      ${formatRange(summarize(f.read), ' ms')}`);
console.log(
  `  downloadWeights, cached (sha256 check)   ${formatRange(summarize(f.reuse), ' ms')}  ratio ${formatRange(reuseRatio, 'x')}`,
);
report('hub', [], {
  method: `${ROUNDS} alternated rounds; medians [min-max]`,
  download: { unit: 'ms per 32 MiB', raw: summarize(f.raw), hub: summarize(f.hub), ratio: downloadRatio },
  reuse: { unit: 'ms per 32 MiB', readFile: summarize(f.read), hub: summarize(f.reuse), ratio: reuseRatio },
});
