import { basename } from 'node:path';
import { joinPath, listDirOrFile, getText, putText, remove } from '@eng/fileio';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook, type Metrics } from './hook';

export interface LoggerHookOptions {
  /** Log every `interval` iterations (inner iterations of an epoch when the log processor is by epoch). */
  interval?: number;
  /** Skip the last iterations of an epoch that do not fill an interval (unless the epoch is shorter than one). */
  ignore_last?: boolean;
  /** Log the experiment's name every this many iterations and at the end of each epoch. */
  interval_exp_name?: number;
  /** Copy the log files to `out_dir/<work dir's name>` (any fileio backend) after the run. */
  out_dir?: string | null;
  /** Which files of the log dir are copied. */
  out_suffix?: string | string[];
  /** Keep the local log files after copying them. */
  keep_local?: boolean;
  /** Scalars of validation go to the step `epoch` (true) or `iter` (false). */
  log_metric_by_epoch?: boolean;
  backend_args?: Record<string, unknown> | null;
  file_client_args?: null;
}

const shape = {
  interval: z.number().int().positive().optional(),
  ignore_last: z.boolean().optional(),
  interval_exp_name: z.number().int().positive().optional(),
  out_dir: z.string().nullable().optional(),
  out_suffix: z.union([z.string(), z.array(z.string())]).optional(),
  keep_local: z.boolean().optional(),
  log_metric_by_epoch: z.boolean().optional(),
  backend_args: z.record(z.string(), z.unknown()).nullable().optional(),
  file_client_args: z.null().optional(),
} satisfies ShapeOf<LoggerHookOptions>;

/**
 * MMEngine's `LoggerHook` (priority BELOW_NORMAL): every `interval` iterations the log processor's line goes to the
 * runner's logger and its scalars to the visualizer (`vis_data/scalars.json` and `vis_data/TIMESTAMP.json`, with
 * `step` = the iteration); after each validation the metrics, with `step` = the epoch. With `out_dir`, the log
 * files are copied there after the run.
 */
export class LoggerHook extends Hook {
  static readonly optionsSchema = optionsSchema<LoggerHookOptions>(shape);
  override priority: Hook['priority'] = 'BELOW_NORMAL';
  readonly interval: number;
  readonly ignoreLast: boolean;
  readonly intervalExpName: number;
  readonly keepLocal: boolean;
  readonly logMetricByEpoch: boolean;
  readonly outSuffix: string[];
  outDir: string | undefined;
  jsonLogPath: string | undefined;
  private _writeFailed = false;

  constructor(options: LoggerHookOptions = {}) {
    super();
    this.interval = options.interval ?? 10;
    this.ignoreLast = options.ignore_last ?? true;
    this.intervalExpName = options.interval_exp_name ?? 1000;
    this.keepLocal = options.keep_local ?? true;
    this.logMetricByEpoch = options.log_metric_by_epoch ?? true;
    const suffix = options.out_suffix ?? ['.json', '.log', '.py', 'yaml'];
    this.outSuffix = Array.isArray(suffix) ? suffix : [suffix];
    this.outDir = options.out_dir ?? undefined;
    if (this.outDir === undefined && options.keep_local === false) {
      throw new RunnerError('BAD_OPTIONS', 'LoggerHook: keep_local: false needs an out_dir (the logs would be lost)');
    }
  }

  override beforeRun(runner: Runner): void {
    if (this.outDir !== undefined) {
      this.outDir = joinPath(this.outDir, basename(runner.workDir.replace(/[\\/]+$/, '')));
      runner.logger.info(`Text logs will be saved to ${this.outDir} after the run.`);
    }
    this.jsonLogPath = `${runner.timestamp}.json`;
  }

  override afterTrainIter(runner: Runner, batchIdx: number): void {
    const loader = runner.trainDataloader;
    if (this.everyNTrainIters(runner, this.intervalExpName) || this.endOfEpoch(loader, batchIdx)) {
      runner.logger.info(`Exp name: ${runner.experimentName}`);
    }
    const due =
      this.everyNInnerIters(batchIdx, this.interval) ||
      (this.endOfEpoch(loader, batchIdx) && (!this.ignoreLast || loader.length <= this.interval));
    if (!due) return;
    const [tag, line] = runner.logProcessor.getLogAfterIter(runner as never, batchIdx, 'train');
    runner.logger.info(line);
    this._writeBehind(runner, runner.visualizer.addScalars(tag as never, runner.iter + 1, this.jsonLogPath));
  }

  /**
   * Lets the visualizer write while training goes on: its backends queue writes in call order and `close()`
   * (which the runner awaits at the end) waits for them, so the iteration does not wait for the disk. A failed write
   * is logged, once.
   */
  private _writeBehind(runner: Runner, pending: unknown): void {
    if (typeof (pending as Promise<void> | undefined)?.then !== 'function') return;
    (pending as Promise<void>).catch((error: unknown) => {
      if (this._writeFailed) return;
      this._writeFailed = true;
      runner.logger.error(
        `LoggerHook: could not write the scalars: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** Buffering backends (`TensorboardVisBackend`) write out at each epoch's end, so a crash loses one epoch at most. */
  override afterTrainEpoch(runner: Runner): void {
    this._writeBehind(runner, runner.visualizer.flush());
  }

  override afterValIter(runner: Runner, batchIdx: number): void {
    if (!this.everyNInnerIters(batchIdx, this.interval)) return;
    runner.logger.info(runner.logProcessor.getLogAfterIter(runner as never, batchIdx, 'val')[1]);
  }

  override afterTestIter(runner: Runner, batchIdx: number): void {
    if (!this.everyNInnerIters(batchIdx, this.interval)) return;
    runner.logger.info(runner.logProcessor.getLogAfterIter(runner as never, batchIdx, 'test')[1]);
  }

  override async afterValEpoch(runner: Runner, _metrics?: Metrics): Promise<void> {
    const [tag, line] = runner.logProcessor.getLogAfterEpoch(runner as never, runner.valDataloader.length, 'val');
    runner.logger.info(line);
    const training = runner.hasTrainLoop;
    const step = training ? (this.logMetricByEpoch ? runner.epoch : runner.iter) : 0;
    await runner.visualizer.addScalars(tag as never, step, this.jsonLogPath);
  }

  override async afterTestEpoch(runner: Runner, _metrics?: Metrics): Promise<void> {
    const [tag, line] = runner.logProcessor.getLogAfterEpoch(
      runner as never,
      runner.testDataloader.length,
      'test',
      true,
    );
    runner.logger.info(line);
    await putText(`${JSON.stringify(tag)}\n`, joinPath(runner.logDir, this.jsonLogPath ?? `${runner.timestamp}.json`));
  }

  override async afterRun(runner: Runner): Promise<void> {
    if (this.outDir === undefined) return;
    const files = await listDirOrFile(runner.logDir, {
      listDir: false,
      suffix: this.outSuffix,
      recursive: true,
    }).toArray();
    for (const name of files) {
      const local = joinPath(runner.logDir, name);
      const target = joinPath(this.outDir, name);
      await putText(await getText(local), target);
      runner.logger.info(`The file ${local} has been uploaded to ${target}.`);
      if (!this.keepLocal) {
        await remove(local);
        runner.logger.info(`${local} was removed (keep_local: false); the logs are in ${target}`);
      }
    }
  }
}
