// ms per training step of the package's reference models (MLP 784-256-10 + SGD, small CNN + Adam, batch 64):
// eng's WASM backend with our kernels, the same backend with tfjs's stock kernels, and PyTorch (Debian's
// python3-torch, 1 thread, in one long-lived child process), in interleaved rounds (A B C A B C ...) so that the
// noise of a shared machine falls on every arm alike. Each round gives each arm the median of its steps; the
// figures are medians over rounds with [min–max] ranges, ratios are per round.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatRange, interleave, type Measurement, ratioOf, report, summarize } from '../../../scripts/bench-utils';
import { deviceInfo, formatDeviceInfo, initBackend, setRandomSeed, tf, useFastWasmKernels } from '../src/index';
import { createCnn, createMlp, makeBatch, type TrainStep } from '../test/fixtures/models';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 64;
const ROUNDS = Number(process.env.ENG_BENCH_ROUNDS ?? 7);
const STEPS = Number(process.env.ENG_BENCH_STEPS ?? 15);
const notes: string[] = [];
const loadBefore = loadavg()[0] as number;
const median = (xs: number[]) => summarize(xs).median;

function hasTorch(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkg: string): boolean {
  console.log(`[bench] apt-get install ${pkg}`);
  const run = spawnSync('apt-get', ['install', '-y', '-o', 'DPkg::Lock::Timeout=900', pkg], {
    stdio: 'ignore',
    timeout: 900_000,
  });
  return run.status === 0;
}

/** Debian's python3-torch runs on whichever BLAS the alternatives system names; netlib's reference BLAS is ~15x slower. */
function blasLibrary(): string {
  const query = spawnSync('update-alternatives', ['--query', 'libblas.so.3-x86_64-linux-gnu'], { encoding: 'utf8' });
  return /^Value: (.*)$/m.exec(query.stdout ?? '')?.[1] ?? 'unknown';
}

function ensurePyTorch(): boolean {
  if (!hasTorch() && !(aptInstall('python3-torch') && hasTorch())) {
    notes.push('PyTorch arm skipped: python3-torch is not installed and apt-get could not install it');
    return false;
  }
  if (!blasLibrary().includes('openblas') && !aptInstall('libopenblas0-pthread'))
    notes.push('PyTorch runs on the reference BLAS: libopenblas0-pthread could not be installed (its MLP is slow)');
  notes.push(`PyTorch BLAS: ${blasLibrary()}`);
  return true;
}

type TorchArm = 'mlp' | 'cnn' | 'cnn_cl' | 'cnn_nodnn' | 'cnn_cl_nodnn';
/**
 * PyTorch's fastest CNN configuration depends on the CPU: oneDNN 2.6 (Debian's) against PyTorch's own kernels, NCHW
 * against channels_last. Every one is an arm, and eng is compared with the fastest of each round.
 */
const torchArms: Record<'mlp' | 'cnn', Record<string, TorchArm>> = {
  mlp: { PyTorch: 'mlp' },
  cnn: {
    PyTorch: 'cnn',
    'PyTorch channels_last': 'cnn_cl',
    'PyTorch, oneDNN off': 'cnn_nodnn',
    'PyTorch channels_last, oneDNN off': 'cnn_cl_nodnn',
  },
};

class TorchServer {
  private readonly child = spawn('/usr/bin/python3', [join(here, 'pytorch_models.py')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // glibc's malloc otherwise maps and unmaps PyTorch's activation buffers on every step, which gives PyTorch
    // occasional 5x slower steps; keeping them mapped is the baseline at its best
    env: {
      ...process.env,
      OMP_NUM_THREADS: '1',
      OPENBLAS_NUM_THREADS: '1',
      MALLOC_MMAP_THRESHOLD_: String(2 ** 32),
      MALLOC_TRIM_THRESHOLD_: String(2 ** 32),
    },
  });
  private readonly lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  info: { torch: string; threads: number } = { torch: '?', threads: 0 };

  async start(): Promise<void> {
    this.info = JSON.parse((await this.lines.next()).value as string);
  }

  async steps(name: TorchArm, n: number): Promise<number[]> {
    this.child.stdin.write(`${name} ${n}\n`);
    return JSON.parse((await this.lines.next()).value as string).ms;
  }

  close(): void {
    this.child.stdin.end();
  }
}

function stepTimes(model: TrainStep, x: tf.Tensor, y: tf.Tensor, n: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) model.step(x, y);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    model.step(x, y);
    times.push(performance.now() - start);
  }
  return times;
}

await initBackend({ prefer: ['wasm'], log: () => {} });
const torch = ensurePyTorch() ? new TorchServer() : undefined;
await torch?.start();
console.log(`[bench] ${formatDeviceInfo(deviceInfo())}; ${ROUNDS} rounds of ${STEPS} steps per arm`);

type Kind = 'mlp' | 'cnn';
const label: Record<Kind, string> = { mlp: 'MLP 784-256-10 SGD step', cnn: 'CNN Adam step' };
const rows: Measurement[] = [];
const summary: Record<string, unknown> = {};
for (const kind of ['mlp', 'cnn'] as const) {
  setRandomSeed(0);
  const model = kind === 'mlp' ? createMlp() : createCnn();
  const { x, y } = makeBatch(kind, BATCH, 1);
  const eng = (fast: boolean) => () => {
    useFastWasmKernels(fast);
    return median(stepTimes(model, x, y, STEPS));
  };
  const arms: Record<string, () => number | Promise<number> | undefined> = {
    'eng WASM': eng(true),
    'eng WASM, stock tfjs kernels': eng(false),
  };
  if (torch !== undefined)
    for (const [arm, name] of Object.entries(torchArms[kind]))
      arms[arm] = async () => median(await torch.steps(name, STEPS));
  const figures = await interleave(ROUNDS, arms);
  useFastWasmKernels(true);
  tf.dispose([x, y]);
  model.dispose();

  console.log(`\n${label[kind]} (ms, median [min–max] over rounds)`);
  const result: Record<string, unknown> = {};
  for (const [arm, values] of Object.entries(figures)) {
    const s = summarize(values);
    result[arm] = s;
    rows.push({ name: `${label[kind]}, ${arm}`, msPerOp: s.median, opsPerSec: 1000 / s.median, samples: s.n });
    console.log(`  ${arm.padEnd(36)} ${formatRange(s, ' ms')}`);
  }
  const fast = figures['eng WASM'] ?? [];
  const ratios: Record<string, unknown> = {
    'vs stock tfjs kernels': ratioOf(fast, figures['eng WASM, stock tfjs kernels'] ?? []),
  };
  if (torch !== undefined) {
    const torchFigures = Object.keys(torchArms[kind]).map((arm) => figures[arm] ?? []);
    const torchBest = fast.map((_, round) => Math.min(...torchFigures.map((values) => values[round] ?? Infinity)));
    ratios['vs PyTorch (its fastest arm per round)'] = ratioOf(fast, torchBest);
    if (kind === 'cnn') ratios['vs PyTorch default (NCHW, oneDNN)'] = ratioOf(fast, figures.PyTorch ?? []);
  }
  for (const [name, s] of Object.entries(ratios))
    console.log(`  eng WASM ${name.padEnd(39)} ${formatRange(s as never, 'x')}`);
  summary[kind] = { ms: result, ratios };
}
torch?.close();

// the pure-JS CPU backend once, for scale: two orders of magnitude slower
await initBackend({ prefer: ['cpu'], log: () => {} });
setRandomSeed(0);
const mlpCpu = createMlp();
const batch = makeBatch('mlp', BATCH, 1);
const cpuMs = median(stepTimes(mlpCpu, batch.x, batch.y, 5, 1));
rows.push({ name: `${label.mlp}, tfjs cpu (one round)`, msPerOp: cpuMs, opsPerSec: 1000 / cpuMs, samples: 5 });
console.log(`\n${label.mlp}, tfjs cpu backend (one round, for scale): ${cpuMs.toFixed(1)} ms`);
tf.dispose([batch.x, batch.y]);
mlpCpu.dispose();

notes.push(
  `2 shared cores; 1-minute load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] as number).toFixed(2)} after`,
  `PyTorch ${torch?.info.torch ?? 'not run'} at ${torch?.info.threads ?? 0} thread(s); WASM single-threaded`,
);
report('tensor-gpu', rows, { batch: BATCH, rounds: ROUNDS, stepsPerRound: STEPS, summary, notes });
for (const n of notes) console.log(`  note: ${n}`);
