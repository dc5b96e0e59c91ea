// `eng train CONFIG` (MMEngine's tools/train.py): the product a user runs.
import { parseArgs } from 'node:util';
import { type CommandIO, describeArgsError } from '@eng/config';
import { joinPath } from '@eng/fileio';
import { importAllLocations } from '@eng/registry';
import { writeLastCheckpoint } from '../checkpoint/last-checkpoint';
import { Hook, type Metrics } from '../hooks/hook';
import { buildRunner } from '../runner/build-runner';
import type { Runner } from '../runner/runner';
import { type Command, formatFailure } from './command';
import { launchMpi } from './launch-mpi';
import { ProgressBarHook } from './progress-hook';
import { chooseWorkDir, loadConfig, takeCfgOptions } from './train-options';

export const TRAIN_USAGE = `Usage: eng train CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp] [--auto-scale-lr]
                 [--cfg-options KEY=VALUE ...] [--launcher none|mpi|slurm] [--nproc N] [--no-progress]

Train the experiment CONFIG describes, validating as its val_cfg says, with checkpoints in the work dir.

  CONFIG                 a .ts .js .json or .yaml config file
  --work-dir DIR         where logs and checkpoints go (default: the config's work_dir, else ./work_dirs/<CONFIG name>)
  --resume [CKPT]        resume from CKPT, or from the work dir's newest checkpoint (its last_checkpoint) when no
                         CKPT is given; the run continues exactly where the checkpoint was taken
  --amp                  mixed precision (refused: TensorFlow.js trains in float32)
  --auto-scale-lr        scale the learning rate by the batch size (the config's auto_scale_lr.base_batch_size)
  --cfg-options K=V ...  override settings, e.g. train_cfg.max_epochs=3 optim_wrapper.optimizer.lr=0.01
  --launcher NAME        none (default): one process; mpi: one rank of "mpirun -np N eng train CONFIG --launcher
                         mpi"; slurm: one task of "srun --mpi=pmix eng train CONFIG --launcher slurm"
  --nproc N              train with N processes on this machine: starts mpirun -np N itself (data parallel; each
                         rank takes the config's batch size, so the total batch is N times it)
  --no-progress          plain log lines instead of the progress bar on a terminal
  -h, --help             show this help

Ctrl-C stops after the current iteration and saves a checkpoint that --resume continues from; a second Ctrl-C
exits at once.
`;

const FLAGS = [
  '--work-dir',
  '--resume',
  '--amp',
  '--auto-scale-lr',
  '--cfg-options',
  '--launcher',
  '--nproc',
  '--no-progress',
  '--help',
];
const CONFIG_EXT = /\.(c|m)?(t|j)s$|\.json$|\.ya?ml$/i;

/** `--resume` takes a value only when one follows and CONFIG came first (mmpretrain's `nargs='?'`). */
function splitResume(argv: string[]): { rest: string[]; resume: string | boolean } {
  const rest: string[] = [];
  let resume: string | boolean = false;
  let sawPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--resume') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-') && (sawPositional || !CONFIG_EXT.test(next))) {
        resume = next;
        i += 1;
      } else resume = true;
    } else if (arg.startsWith('--resume=')) resume = arg.slice('--resume='.length) || true;
    else {
      if (!arg.startsWith('-')) sawPositional = true;
      rest.push(arg);
    }
  }
  return { rest, resume };
}

/** `argv` without the given flags and their values (`--flag V` and `--flag=V`). */
function withoutFlags(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (flags.includes(arg)) i += 1;
    else if (!flags.some((flag) => arg.startsWith(`${flag}=`))) out.push(arg);
  }
  return out;
}

/** Remembers the metrics of the latest validation, for the summary at the end. */
class LastMetrics extends Hook {
  override priority: Hook['priority'] = 'LOWEST';
  metrics: Metrics | undefined;
  override afterValEpoch(_runner: Runner, metrics?: Metrics): void {
    this.metrics = metrics;
  }
}

export function formatMetrics(metrics: Metrics): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(4)) : JSON.stringify(v)}`)
    .join('  ');
}

async function train(argv: readonly string[], io: CommandIO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let cfgOptions: string[];
  let resume: string | boolean;
  try {
    const split = takeCfgOptions(argv);
    cfgOptions = split.cfgOptions;
    const r = splitResume(split.rest);
    resume = r.resume;
    ({ values, positionals } = parseArgs({
      args: r.rest,
      allowPositionals: true,
      options: {
        'work-dir': { type: 'string' },
        amp: { type: 'boolean' },
        'auto-scale-lr': { type: 'boolean' },
        launcher: { type: 'string' },
        nproc: { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`eng train: ${describeArgsError(error, FLAGS)}\n\n${TRAIN_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(TRAIN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`eng train: expected one CONFIG file, got ${positionals.length}\n\n${TRAIN_USAGE}`);
    return 2;
  }
  const file = positionals[0] as string;
  if (values.nproc !== undefined) {
    const nproc = Number(values.nproc);
    if (!Number.isInteger(nproc) || nproc < 1) {
      io.err(`eng train: --nproc expects a whole number of processes >= 1, got "${values.nproc}"\n`);
      return 2;
    }
    if (values.launcher !== undefined && values.launcher !== 'mpi') {
      io.err(
        `eng train: --nproc starts the ranks with mpirun (launcher mpi); leave out --launcher ${values.launcher}\n`,
      );
      return 2;
    }
    return launchMpi(nproc, withoutFlags(argv, ['--nproc', '--launcher']), io);
  }
  let runner: Runner | undefined;
  let interrupted = false;
  const onSigint = () => {
    // In a distributed run the ranks would stop after different iterations and leave one waiting in a collective:
    // Ctrl-C ends the job, and --resume continues from the last checkpoint.
    if (interrupted || runner === undefined || runner.distributed) {
      io.err('\neng train: interrupted again; exiting now\n');
      process.exit(130);
    }
    interrupted = true;
    runner.requestStop('Ctrl-C (press it again to exit at once)');
  };
  process.on('SIGINT', onSigint);
  try {
    const cfg = await loadConfig(file, cfgOptions);
    if (values.amp) {
      throw new Error('--amp: mixed precision is not available (TensorFlow.js trains in float32); leave --amp out');
    }
    cfg.set('work_dir', chooseWorkDir(cfg, file, values['work-dir'] as string | undefined));
    if (resume === true) cfg.set('resume', true);
    else if (typeof resume === 'string') {
      cfg.set('resume', true);
      cfg.set('load_from', resume);
    }
    if (values['auto-scale-lr']) {
      if (!cfg.has('auto_scale_lr.base_batch_size')) {
        throw new Error(
          '--auto-scale-lr needs auto_scale_lr.base_batch_size in the config (the batch size the lr is for)',
        );
      }
      cfg.set('auto_scale_lr.enable', true);
    }
    if (values.launcher !== undefined) cfg.set('launcher', values.launcher);
    await importAllLocations();
    runner = buildRunner(cfg);
    const last = new LastMetrics();
    runner.registerHook(last);
    const tty = process.stderr.isTTY === true && !values['no-progress'] && !process.env.CI && runner.rank === 0;
    if (tty) runner.registerHook(new ProgressBarHook());
    await runner.train();
    if (interrupted) {
      const name = `iter_${runner.iter}.safetensors`;
      await runner.saveCheckpoint(runner.workDir, name);
      if (runner.rank === 0) await writeLastCheckpoint(runner.workDir, joinPath(runner.workDir, name));
      io.err(
        `eng train: stopped at iteration ${runner.iter}; saved ${joinPath(runner.workDir, name)}. Continue with: eng train ${file} --resume\n`,
      );
      return 130;
    }
    if (runner.rank !== 0) return 0;
    io.out(
      [
        '',
        ...(last.metrics ? [`Final validation: ${formatMetrics(last.metrics)}`] : []),
        `Log:         ${joinPath(runner.logDir, `${runner.timestamp}.log`)}`,
        `Scalars:     ${joinPath(runner.logDir, 'vis_data', 'scalars.json')}`,
        `Checkpoints: ${runner.workDir}`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    runner?.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    io.err(`${runner?.distributed ? `[rank ${runner.rank}] ` : ''}${formatFailure('train', error)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await runner?.close().catch(() => undefined);
  }
}

export const trainCommand: Command = {
  summary: 'train a config: eng train CONFIG [--work-dir DIR] [--resume [CKPT]] [--cfg-options k=v ...]',
  run: train,
};
