// The memory of a 100,000-record data list with and without serialize_data (MMEngine packs it into one buffer to
// share it with workers), and what reading a record costs each way. Each measurement is a fresh child process, the
// two variants alternated (A B A B), medians with ranges.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { report } from '../../../scripts/bench-utils';

const child = fileURLToPath(new URL('./data-list-memory.ts', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Probe {
  bytes: number;
  buildMs: number;
  readUs: number;
}

function probe(variant: 'serialized' | 'objects'): Probe {
  const out = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@eng/source', '--import', 'jiti/register', child, variant],
    {
      encoding: 'utf8',
      env: process.env,
    },
  );
  if (out.status !== 0) throw new Error(`memory probe (${variant}) failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1) as string) as Probe;
}

const runs: Record<'serialized' | 'objects', Probe[]> = { serialized: [], objects: [] };
for (let r = 0; r < ROUNDS; r++) for (const v of ['objects', 'serialized'] as const) runs[v].push(probe(v));

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1] as number, min: s[0] as number, max: s.at(-1) as number };
};
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const objects = stats(runs.objects.map((p) => p.bytes));
const serialized = stats(runs.serialized.map((p) => p.bytes));
const ratios = stats(runs.serialized.map((p, i) => p.bytes / (runs.objects[i] as Probe).bytes));
const readObjects = stats(runs.objects.map((p) => p.readUs));
const readSerialized = stats(runs.serialized.map((p) => p.readUs));
console.log(`data list of 100,000 records, ${ROUNDS} rounds A B A B (median [min-max])`);
console.log(
  `  objects:        ${mb(objects.median)} [${mb(objects.min)}-${mb(objects.max)}], getDataInfo ${readObjects.median.toFixed(2)} µs`,
);
console.log(
  `  serialize_data: ${mb(serialized.median)} [${mb(serialized.min)}-${mb(serialized.max)}], getDataInfo ${readSerialized.median.toFixed(2)} µs`,
);
console.log(
  `  serialized / objects: ${ratios.median.toFixed(3)} [${ratios.min.toFixed(3)}-${ratios.max.toFixed(3)}] (goal <= 0.333)`,
);
report('dataset', [], {
  method: `${ROUNDS} rounds, each variant in a fresh child process, alternated; retained heap + array buffers after gc`,
  dataListMemory: { objects, serialized, ratio: ratios },
  getDataInfoMicroseconds: { objects: readObjects, serialized: readSerialized },
});
