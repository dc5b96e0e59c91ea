// `eng hub list PKG` and `eng hub download PKG::MODEL` (the runner's CLI adds this command to `eng`).
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type CommandIO, describeArgsError } from '@eng/config';
import { describeError } from '@eng/internal';
import { downloadWeights, hubCacheDir } from './cache';
import { HubError } from './errors';
import { findModel, packageModelIndex, resolveHubPath, weightsUri } from './hub-package';
import { listModels } from './list-models';
import { publishCheckpoint } from './publish';

export const HUB_USAGE = `Usage: eng hub list PKG [--json]
       eng hub download PKG::MODEL [--no-progress]
       eng hub publish CHECKPOINT OUT

  list PKG              the models in the model index of an installed package: name, config, weights, cached or not
  download PKG::MODEL   fetch a model's weights into the cache ($ENG_HOME/hub, now CACHE_DIR) and check their
                        sha256; MODEL is its Name in the index or its config path
  publish CKPT OUT      write the weights of a training checkpoint (no optimizer or loop state) to OUT, named
                        OUT-<first 8 hex digits of its sha256>.safetensors, and print the model index fields
  --json                print the list as JSON
  --no-progress         no progress bar
  -h, --help            show this help
`;

function usage(): string {
  return HUB_USAGE.replace('CACHE_DIR', hubCacheDir());
}

const FLAGS = ['--json', '--no-progress', '--help'];

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

async function list(pkgName: string, json: boolean, io: CommandIO): Promise<number> {
  const models = await listModels(pkgName);
  if (json) {
    io.out(`${JSON.stringify(models, null, 2)}\n`);
    return 0;
  }
  if (models.length === 0) {
    io.out(`${pkgName} lists no models (its package.json names no model index, or the index is empty)\n`);
    return 0;
  }
  const rows = [['NAME', 'CONFIG', 'CACHED', 'RESULTS']];
  for (const m of models) {
    rows.push([
      m.name,
      m.config,
      m.weights === undefined ? 'no weights' : m.local ? (m.cached ? 'local' : 'missing') : m.cached ? 'yes' : 'no',
      m.results.join(', '),
    ]);
  }
  io.out(`${table(rows)}\n`);
  return 0;
}

async function download(spec: string, progress: boolean, io: CommandIO): Promise<number> {
  const { pkg, path } = resolveHubPath(spec);
  const index = await packageModelIndex(pkg);
  const entry = findModel(pkg, index, path);
  const weights = weightsUri(pkg, entry);
  if (weights === undefined) {
    throw new HubError('NO_WEIGHTS', `${entry.file}: model ${entry.Name} has no Weights to download`);
  }
  const file = await downloadWeights(weights, {
    sha256: entry.Sha256,
    source: `${entry.Name} in ${entry.file}`,
    ...(progress ? {} : { progress: false }),
  });
  io.out(`${file}\n`);
  return 0;
}

async function publish(checkpoint: string, out: string, io: CommandIO): Promise<number> {
  const { file, sha256, tensors } = await publishCheckpoint(checkpoint, out);
  io.out(`${file}  (${tensors} tensors)\n    Weights: <where you upload ${basename(file)}>\n    Sha256: ${sha256}\n`);
  return 0;
}

async function hub(argv: readonly string[], io: CommandIO): Promise<number> {
  let values: { json?: boolean | undefined; 'no-progress'?: boolean | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    io.err(`eng hub: ${describeArgsError(error, FLAGS)}\n\n${usage()}`);
    return 2;
  }
  if (values.help) {
    io.out(usage());
    return 0;
  }
  const [action, ...args] = positionals;
  const arity: Record<string, [count: number, what: string]> = {
    list: [1, 'PKG'],
    download: [1, 'PKG::MODEL'],
    publish: [2, 'CHECKPOINT OUT'],
  };
  const expected = action !== undefined && Object.hasOwn(arity, action) ? arity[action] : undefined;
  if (expected === undefined || args.length !== expected[0]) {
    const what =
      action === undefined
        ? 'a subcommand (list, download or publish)'
        : expected === undefined
          ? `list, download or publish, got "${action}"`
          : `${expected[1]} after "${action}", got ${args.length} argument${args.length === 1 ? '' : 's'}`;
    io.err(`eng hub: expected ${what}\n\n${usage()}`);
    return 2;
  }
  const [target = '', second = ''] = args;
  try {
    if (action === 'list') return await list(target, values.json === true, io);
    if (action === 'download') return await download(target, !values['no-progress'], io);
    return await publish(target, second, io);
  } catch (error) {
    io.err(`eng hub ${action}: ${HubError.isInstance(error) ? error.message : describeError(error)}\n`);
    return 1;
  }
}

/** The `eng hub` command: `{ summary, run(argv, io) }` as the runner's command table takes it. */
export const hubCommand = {
  summary: 'models shipped in packages: eng hub list PKG | download PKG::MODEL | publish CHECKPOINT OUT',
  run: hub,
};
