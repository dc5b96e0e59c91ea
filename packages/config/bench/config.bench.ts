// Loads a Faster R-CNN-like config tree (a ~130-key model base, dataset, schedule and runtime bases, a
// child listing the four, a grandchild with `_delete_` and a `{{_base_.train_pipeline}}` reference) in
// JSON, YAML and TS, warm, against JSON.parse of the same JSON bytes in the same process; then times
// `eng print-config` as a whole process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compare, measure, report } from '../../../scripts/bench-utils';
import { Config } from '../src/index';

const here = import.meta.dirname;
const tree = (format: string) => join(here, 'fixtures', format);
const leaf = (format: string, ext: string) => join(tree(format), `faster-rcnn_r50_fpn_ms-3x_coco${ext}`);

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

const rows = [baseline];
const cold: Record<string, number> = {};
for (const [format, ext] of [
  ['json', '.json'],
  ['yaml', '.yaml'],
  ['ts', '.ts'],
] as const) {
  const file = leaf(format, ext);
  const t0 = performance.now();
  const cfg = await Config.fromFile(file);
  cold[format] = performance.now() - t0;
  if (
    cfg.get('train_dataloader.dataset.type') !== 'RepeatDataset' ||
    cfg.get('train_dataloader.dataset.dataset.pipeline.2.type') !== 'Resize'
  ) {
    throw new Error(`the ${format} tree did not merge as expected`);
  }
  rows.push(compare(await measure(`Config.fromFile ${format} tree (warm)`, () => Config.fromFile(file)), baseline));
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
for (const [format, ext] of [
  ['json', '.json'],
  ['yaml', '.yaml'],
  ['ts', '.ts'],
] as const) {
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
  `\n  cold first load (ms): ${JSON.stringify(cold, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}`,
);
console.log(
  `  eng print-config, whole process, median of 6 (${useBuilt ? 'built bin' : 'sources via jiti'}), ms:`,
  processMs,
);
console.log(`  bare \`node -e 0\` for scale: ${(nodeOnly[3] as number).toFixed(1)} ms`);
report('config', rows, {
  coldFirstLoadMs: cold,
  printConfigProcessMs: processMs,
  printConfigBinary: useBuilt ? 'packages/runner/dist/cli.js' : 'packages/runner/src/cli.ts via jiti',
  bareNodeProcessMs: nodeOnly[3],
  mmengine011Reference: { jsonMs: 11.8, yamlMs: 16.9, pythonMs: 18.1 },
});
