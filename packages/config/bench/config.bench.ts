// Loads a Faster R-CNN-like config tree (a ~130-key model base, dataset, schedule and runtime bases, a
// child listing the four, a grandchild with `_delete_` and a `{{_base_.train_pipeline}}` reference) in
// JSON, YAML and TS:
// - cold: every load on a fresh copy of the tree (copied to a new temp dir before the timer starts), so no
//   cache of an earlier load can answer, interleaved round by round with the previous loader (`yaml` alone,
//   jiti alone) and, where its Python package imports, MMEngine's `Config.fromfile` on fresh copies of the
//   same tree (.py for TS) timed inside a persistent Python process;
// - warm: the same file again (served by the caches), against JSON.parse of the same JSON bytes;
// then times `eng print-config` as a whole process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  compare,
  formatRange,
  interleave,
  measure,
  ratioOf,
  report,
  type Summary,
  summarize,
} from '../../../scripts/bench-utils';
import { Config } from '../src/index';
import { loaderEngines } from '../src/loaders/engines';

const here = import.meta.dirname;
const tree = (format: string) => join(here, 'fixtures', format);
const LEAF = 'faster-rcnn_r50_fpn_ms-3x_coco';
const leaf = (format: string, ext: string) => join(tree(format), `${LEAF}${ext}`);
const FORMATS = [
  ['json', '.json'],
  ['yaml', '.yaml'],
  ['ts', '.ts'],
] as const;
type Format = (typeof FORMATS)[number][0];

function checkTree(cfg: Config, format: string): void {
  if (
    cfg.get('train_dataloader.dataset.type') !== 'RepeatDataset' ||
    cfg.get('train_dataloader.dataset.dataset.pipeline.2.type') !== 'Resize'
  ) {
    throw new Error(`the ${format} tree did not merge as expected`);
  }
}

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

// the baseline parses the very bytes of the JSON tree (the references written as strings so it parses)
const jsonTexts = filesOf(tree('json')).map((f) =>
  readFileSync(f, 'utf8').replace(/\{\{ (_base_\.[\w.]+) \}\}/g, '"$1"'),
);
const baseline = await measure('JSON.parse of the 6 JSON files (baseline)', () => {
  for (const text of jsonTexts) JSON.parse(text);
});

// ---- cold loads: a fresh copy of the tree for every load ----

const coldRounds = Number(process.env.ENG_BENCH_COLD_ROUNDS ?? 40);
const copies: string[] = [];

/** A fresh copy of the `format` tree in a new temp dir; returns the path of its leaf config. */
function freshCopy(format: string, ext: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'eng-config-cold-'));
  cpSync(tree(format), dir, { recursive: true });
  copies.push(dir);
  return join(dir, `${LEAF}${ext}`);
}

// the previous loader: `yaml` for every YAML file, jiti for every TS file (now without its disk cache)
const PREVIOUS = { yaml: 'yaml', modules: 'jiti' } as const;
const CURRENT = { yaml: loaderEngines.yaml, modules: loaderEngines.modules };

async function engCold(format: string, ext: string, engines: typeof loaderEngines): Promise<number> {
  const file = freshCopy(format, ext);
  Object.assign(loaderEngines, engines);
  try {
    const t0 = performance.now();
    const cfg = await Config.fromFile(file);
    const ms = performance.now() - t0;
    checkTree(cfg, format);
    return ms;
  } finally {
    Object.assign(loaderEngines, CURRENT);
  }
}

// MMEngine's Config.fromfile, timed by a Python process that stays up (its start is not counted) and copies the
// tree afresh before each load, as this process does
const MMENGINE_SCRIPT = `
import shutil, sys, tempfile, time
from mmengine.config import Config
fixtures, leaf = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    fmt = line.strip()
    if not fmt:
        continue
    d = tempfile.mkdtemp(prefix='eng-config-mmengine-')
    shutil.copytree(fixtures + '/' + fmt, d + '/tree')
    try:
        t0 = time.perf_counter()
        cfg = Config.fromfile(d + '/tree/' + leaf + '.' + fmt)
        ms = (time.perf_counter() - t0) * 1000
        ok = cfg.train_dataloader.dataset.type == 'RepeatDataset' and cfg.train_dataloader.dataset.dataset.pipeline[2]['type'] == 'Resize'
        print(ms if ok else 'error: the tree did not merge as expected', flush=True)
    except Exception as e:
        print('error: ' + repr(e).replace(chr(10), ' '), flush=True)
    finally:
        shutil.rmtree(d, ignore_errors=True)
`;

interface PythonBaseline {
  python: string;
  version: string;
  load(format: 'json' | 'yaml' | 'py'): Promise<number>;
  close(): void;
}

function mmengineEnv(): NodeJS.ProcessEnv {
  const extra = process.env.ENG_MMENGINE_PYTHONPATH;
  if (!extra) return process.env;
  return { ...process.env, PYTHONPATH: [extra, process.env.PYTHONPATH].filter(Boolean).join(':') };
}

/** A Python with MMEngine importable (`ENG_MMENGINE_PYTHON`, else python3, else /usr/bin/python3), if any. */
function findMMEngine(): { python: string; version: string } | string {
  const candidates = process.env.ENG_MMENGINE_PYTHON
    ? [process.env.ENG_MMENGINE_PYTHON]
    : ['python3', '/usr/bin/python3'];
  // an empty working directory: a stray module in the current one must not shadow the standard library
  const cwd = mkdtempSync(join(tmpdir(), 'eng-config-py-'));
  copies.push(cwd);
  const reasons: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import mmengine; print(mmengine.__version__)'], {
      encoding: 'utf8',
      env: mmengineEnv(),
      cwd,
    });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
    reasons.push(`${python}: ${(probe.stderr || String(probe.error ?? '')).trim().split('\n').at(-1)}`);
  }
  return reasons.join('; ');
}

function startMMEngine(python: string, version: string): PythonBaseline {
  const cwd = mkdtempSync(join(tmpdir(), 'eng-config-py-'));
  copies.push(cwd);
  const child: ChildProcess = spawn(python, ['-u', '-c', MMENGINE_SCRIPT, join(here, 'fixtures'), LEAF], {
    env: mmengineEnv(),
    cwd,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  return {
    python,
    version,
    load(format) {
      return new Promise((resolveLine, reject) => {
        waiting.push((line) => {
          const ms = Number(line);
          if (Number.isFinite(ms)) resolveLine(ms);
          else reject(new Error(`MMEngine ${format} load: ${line}`));
        });
        child.stdin?.write(`${format}\n`);
      });
    },
    close() {
      child.stdin?.end();
    },
  };
}

const found = findMMEngine();
const mmengine = typeof found === 'string' ? undefined : startMMEngine(found.python, found.version);
if (mmengine === undefined) {
  console.log(
    `  MMEngine is not importable (${found}); cold loads are compared with the previous loader only. ` +
      'Set ENG_MMENGINE_PYTHONPATH (and ENG_MMENGINE_PYTHON) to a Python that has it.',
  );
}
const MM_FORMAT = { json: 'json', yaml: 'yaml', ts: 'py' } as const;

interface ColdFigures {
  engMs: Summary;
  previousMs: Summary;
  /** previous / eng, per round: how many times faster eng is */
  fasterThanPrevious: Summary;
  mmengineMs?: Summary;
  /** MMEngine / eng, per round */
  fasterThanMMEngine?: Summary;
  mmengineFormat?: string;
}

const cold: Record<string, ColdFigures> = {};
for (const [format, ext] of FORMATS) {
  const arms: Record<string, () => Promise<number>> = {
    eng: () => engCold(format, ext, CURRENT),
    previous: () => engCold(format, ext, PREVIOUS),
  };
  if (mmengine) arms.mmengine = () => mmengine.load(MM_FORMAT[format as Format]);
  // a few untimed rounds first: the parsers and the Python process reach their steady state
  await interleave(3, arms);
  const runs = await interleave(coldRounds, arms);
  const figures: ColdFigures = {
    engMs: summarize(runs.eng ?? []),
    previousMs: summarize(runs.previous ?? []),
    fasterThanPrevious: ratioOf(runs.previous ?? [], runs.eng ?? []),
  };
  if (runs.mmengine) {
    figures.mmengineMs = summarize(runs.mmengine);
    figures.fasterThanMMEngine = ratioOf(runs.mmengine, runs.eng ?? []);
    figures.mmengineFormat = MM_FORMAT[format as Format];
  }
  cold[format] = figures;
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
mmengine?.close();

console.log(`\n  cold loads (a fresh copy of the tree per load), ${coldRounds} interleaved rounds, median [min–max]:`);
for (const [format, f] of Object.entries(cold)) {
  let line = `  ${format.padEnd(5)} eng ${formatRange(f.engMs, ' ms')}; previous loader ${formatRange(f.previousMs, ' ms')} → ${formatRange(f.fasterThanPrevious, 'x')} faster`;
  if (f.mmengineMs && f.fasterThanMMEngine) {
    line += `; MMEngine (.${f.mmengineFormat}) ${formatRange(f.mmengineMs, ' ms')} → ${formatRange(f.fasterThanMMEngine, 'x')} faster`;
  }
  console.log(line);
}

// ---- warm loads: the same files again, answered by the caches ----

const rows = [baseline];
const firstLoad: Record<string, number> = {};
for (const [format, ext] of FORMATS) {
  const file = leaf(format, ext);
  const t0 = performance.now();
  const cfg = await Config.fromFile(file);
  firstLoad[format] = performance.now() - t0;
  checkTree(cfg, format);
  rows.push(
    compare(await measure(`Config.fromFile ${format} tree (warm, cached)`, () => Config.fromFile(file)), baseline),
  );
}

const cfg = await Config.fromFile(leaf('json', '.json'));
rows.push(
  compare(
    await measure('config.mergeFromDict 3 options', () =>
      cfg
        .clone()
        .mergeFromDict({ 'optim_wrapper.optimizer.lr': 0.01, 'train_cfg.max_epochs': 24, 'model.backbone.depth': 101 }),
    ),
    baseline,
  ),
);
rows.push(compare(await measure('config.dump() TS text', () => cfg.dump()), baseline));

// `eng print-config` as a whole process: the built bin when there is one, else the sources through jiti
const builtCli = join(here, '..', '..', 'runner', 'dist', 'cli.js');
const useBuilt = existsSync(builtCli) && existsSync(join(here, '..', 'dist', 'index.js'));
const cliArgs = useBuilt
  ? [builtCli]
  : ['--conditions=@eng/source', '--import', 'jiti/register', join(here, '..', '..', 'runner', 'src', 'cli.ts')];
// jiti resolves bare imports without the @eng/source condition: point it at the sources when unbuilt
const env = {
  ...process.env,
  JITI_ALIAS: JSON.stringify({
    '@eng/config': join(here, '..', 'src', 'index.ts'),
    '@eng/registry': join(here, '..', '..', 'registry', 'src', 'index.ts'),
  }),
};
const processMs: Record<string, number> = {};
for (const [format, ext] of FORMATS) {
  const runs: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [...cliArgs, 'print-config', leaf(format, ext)], {
      encoding: 'utf8',
      env,
    });
    runs.push(performance.now() - t0);
    if (result.status !== 0) throw new Error(`eng print-config failed: ${result.stderr}`);
  }
  runs.sort((a, b) => a - b);
  processMs[format] = runs[Math.floor(runs.length / 2)] as number;
}
const nodeOnly: number[] = [];
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  nodeOnly.push(performance.now() - t0);
}
nodeOnly.sort((a, b) => a - b);

console.log(
  `\n  first load of each tree in this process (parser and transformer loaded on first use), ms: ${JSON.stringify(firstLoad, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}`,
);
console.log(
  `  eng print-config, whole process, median of 6 (${useBuilt ? 'built bin' : 'sources via jiti'}), ms:`,
  processMs,
);
console.log(`  bare \`node -e 0\` for scale: ${(nodeOnly[3] as number).toFixed(1)} ms`);
report('config', rows, {
  coldRounds,
  cold,
  mmengine: mmengine ? { python: mmengine.python, version: mmengine.version } : null,
  firstLoadInProcessMs: firstLoad,
  printConfigProcessMs: processMs,
  printConfigBinary: useBuilt ? 'packages/runner/dist/cli.js' : 'packages/runner/src/cli.ts via jiti',
  bareNodeProcessMs: nodeOnly[3],
});
