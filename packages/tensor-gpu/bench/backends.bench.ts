// ms per training step of the package's two reference models (MLP 784-256-10 + SGD, small CNN + Adam, batch 64) on
// every TensorFlow.js backend available here, beside PyTorch on the same machine in the same run when it is installed.
// The machine's 2 cores are shared with other work, so PyTorch and WASM are measured in alternating rounds and
// the best round of each is kept, both as wall time and as CPU time (which contention disturbs least).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Comparison, compare, type Measurement, report } from '../../../scripts/bench-utils';
import { deviceInfo, formatDeviceInfo, initBackend, setRandomSeed, tf } from '../src/index';
import { createCnn, createMlp, makeBatch } from '../test/fixtures/models';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 64;
const ROUNDS = Number(process.env.ENG_BENCH_ROUNDS ?? 3);
const notes: string[] = [];
const loadBefore = loadavg()[0] as number;

type Kind = 'mlp' | 'cnn';
interface Timing {
  wallMs: number;
  cpuMs: number;
  samples: number;
}

function best(a: Timing | undefined, b: Timing): Timing {
  return a === undefined
    ? b
    : { wallMs: Math.min(a.wallMs, b.wallMs), cpuMs: Math.min(a.cpuMs, b.cpuMs), samples: a.samples + b.samples };
}

/** Wall and CPU ms per call of `fn` over about `budgetMs` after `warmup` calls. */
function time(fn: () => unknown, budgetMs: number, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  do {
    fn();
    n++;
  } while (performance.now() - start < budgetMs);
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: (performance.now() - start) / n, cpuMs: (cpu.user + cpu.system) / 1000 / n, samples: n };
}

function findTorchPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

function torchPython(): string | undefined {
  const found = findTorchPython();
  if (found !== undefined) return found;
  console.log('[bench] PyTorch not importable: trying apt-get install python3-torch');
  const apt = spawnSync('apt-get', ['install', '-y', '-o', 'DPkg::Lock::Timeout=900', 'python3-torch'], {
    stdio: 'ignore',
    timeout: 900_000,
  });
  const py = apt.status === 0 ? findTorchPython() : undefined;
  if (py === undefined)
    notes.push('PyTorch comparison skipped: python3-torch is not installed and apt-get could not install it');
  return py;
}

let torchVersion = '';
let torchThreads = 0;
function torchRound(py: string): Record<Kind, Timing> | undefined {
  const run = spawnSync(py, [join(here, 'pytorch_models.py'), '1.5'], { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    notes.push(`PyTorch round failed: ${run.stderr.trim().split('\n').at(-1)}`);
    return undefined;
  }
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  torchVersion = r.torch;
  torchThreads = r.threads;
  return {
    mlp: { wallMs: r.mlp_ms, cpuMs: r.mlp_cpu_ms, samples: 1 },
    cnn: { wallMs: r.cnn_ms, cpuMs: r.cnn_cpu_ms, samples: 1 },
  };
}

async function tfjsRound(
  backend: string,
  kinds: readonly Kind[],
  budgetMs: number,
): Promise<Partial<Record<Kind, Timing>>> {
  await initBackend({ prefer: [backend], log: () => {} });
  const out: Partial<Record<Kind, Timing>> = {};
  for (const kind of kinds) {
    setRandomSeed(0);
    const model = kind === 'mlp' ? createMlp() : createCnn();
    const { x, y } = makeBatch(kind, BATCH, 1);
    // the CPU backend's convolutions take seconds per step: one warm-up and two timed steps
    const slow = backend === 'cpu' && kind === 'cnn';
    out[kind] = time(() => model.step(x, y), slow ? 1 : budgetMs, slow ? 1 : 3);
    tf.dispose([x, y]);
    model.dispose();
  }
  return out;
}

const backends = ['wasm', 'cpu'];
try {
  await initBackend({ prefer: ['tfjs-node-gpu', 'tfjs-node'], log: () => {} });
  backends.unshift(tf.getBackend());
} catch {
  notes.push('tfjs-node / tfjs-node-gpu are not installed here: native backends not measured');
}

const py = torchPython();
const results = new Map<string, Partial<Record<Kind, Timing>>>();
const keep = (key: string, r: Partial<Record<Kind, Timing>>) => {
  const cur = results.get(key) ?? {};
  for (const k of ['mlp', 'cnn'] as const) {
    const t = r[k];
    if (t !== undefined) cur[k] = best(cur[k], t);
  }
  results.set(key, cur);
};
for (let round = 0; round < ROUNDS; round++) {
  if (py !== undefined) {
    const t = torchRound(py);
    if (t) keep('pytorch', t);
  }
  for (const b of backends.filter((b) => b !== 'cpu')) keep(b, await tfjsRound(b, ['mlp', 'cnn'], 1500));
}
console.log(`[bench] ${formatDeviceInfo(deviceInfo())}`);
// the pure-JS CPU backend once: it is two orders of magnitude slower
keep('cpu', await tfjsRound('cpu', ['mlp', 'cnn'], 1500));

const label: Record<Kind, string> = { mlp: 'MLP 784-256-10 SGD step', cnn: 'CNN Adam step' };
const asMeasurement = (name: string, t: Timing, cpu: boolean): Measurement => {
  const ms = cpu ? t.cpuMs : t.wallMs;
  return { name, msPerOp: ms, opsPerSec: 1000 / ms, samples: t.samples };
};
const rows: Array<Measurement | Comparison> = [];
const ratios: Record<string, number> = {};
for (const cpu of [false, true]) {
  const clock = cpu ? 'CPU time' : 'wall';
  for (const kind of ['mlp', 'cnn'] as const) {
    const torch = results.get('pytorch')?.[kind];
    const base =
      torch && asMeasurement(`${label[kind]}, PyTorch ${torchVersion} ${torchThreads}T (${clock})`, torch, cpu);
    if (base) rows.push(base);
    for (const b of backends) {
      const t = results.get(b)?.[kind];
      if (t === undefined) continue;
      const m = asMeasurement(`${label[kind]}, tfjs ${b} (${clock})`, t, cpu);
      if (base) {
        const c = compare(m, base);
        rows.push(c);
        ratios[`${kind}.${b}.${cpu ? 'cpu' : 'wall'}`] = Number(c.ratio.toFixed(3));
      } else rows.push(m);
    }
  }
}
const loadAfter = loadavg()[0] as number;
notes.push(
  `2 shared cores; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; best of ${ROUNDS} alternating rounds`,
);
report('tensor-gpu', rows, { batch: BATCH, notes, ratiosVsPyTorch: ratios, targets: { mlp: 1.5, cnn: 3 } });
for (const n of notes) console.log(`  note: ${n}`);
