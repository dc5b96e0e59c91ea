// `eng test CONFIG --checkpoint CKPT` (MMEngine's tools/test.py).
import { parseArgs } from 'node:util';
import { type CommandIO, describeArgsError } from '@eng/config';
import { importAllLocations } from '@eng/registry';
import { buildRunner } from '../runner/build-runner';
import type { Runner } from '../runner/runner';
import { type Command, formatFailure } from './command';
import { formatMetrics } from './train-command';
import { chooseWorkDir, loadConfig, takeCfgOptions } from './train-options';

export const TEST_USAGE = `Usage: eng test CONFIG --checkpoint CKPT [--work-dir DIR] [--out FILE] [--cfg-options KEY=VALUE ...]

Evaluate a checkpoint on the config's test_dataloader with its test_evaluator, and print the metrics.

  CONFIG                 a .ts .js .json or .yaml config file
  --checkpoint CKPT      the checkpoint to test (a .safetensors file, or weights @eng/model reads)
  --work-dir DIR         where the log goes (default: the config's work_dir, else ./work_dirs/<CONFIG name>)
  --out FILE             also dump the predictions to FILE (.json or .jsonl), as DumpResults does
  --cfg-options K=V ...  override settings
  -h, --help             show this help
`;

const FLAGS = ['--checkpoint', '--work-dir', '--out', '--cfg-options', '--help'];

async function test(argv: readonly string[], io: CommandIO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let cfgOptions: string[];
  try {
    const split = takeCfgOptions(argv);
    cfgOptions = split.cfgOptions;
    ({ values, positionals } = parseArgs({
      args: split.rest,
      allowPositionals: true,
      options: {
        checkpoint: { type: 'string' },
        'work-dir': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`eng test: ${describeArgsError(error, FLAGS)}\n\n${TEST_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(TEST_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || typeof values.checkpoint !== 'string') {
    io.err(`eng test: expected CONFIG and --checkpoint CKPT\n\n${TEST_USAGE}`);
    return 2;
  }
  const file = positionals[0] as string;
  let runner: Runner | undefined;
  try {
    const cfg = await loadConfig(file, cfgOptions);
    cfg.set('work_dir', chooseWorkDir(cfg, file, values['work-dir'] as string | undefined));
    cfg.set('load_from', values.checkpoint);
    cfg.set('resume', false);
    if (typeof values.out === 'string') {
      const evaluator = cfg.get<unknown>('test_evaluator', undefined);
      const list = Array.isArray(evaluator) ? evaluator : evaluator === undefined ? [] : [evaluator];
      cfg.set('test_evaluator', [...list, { type: 'DumpResults', out_file_path: values.out }]);
    }
    await importAllLocations();
    runner = buildRunner(cfg);
    const metrics = await runner.test();
    io.out(`${formatMetrics(metrics)}\n`);
    return 0;
  } catch (error) {
    runner?.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    io.err(formatFailure('test', error));
    return 1;
  } finally {
    await runner?.close().catch(() => undefined);
  }
}

export const testCommand: Command = {
  summary: 'test a checkpoint: eng test CONFIG --checkpoint CKPT [--work-dir DIR] [--out FILE]',
  run: test,
};
