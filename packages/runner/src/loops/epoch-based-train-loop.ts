import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { z } from 'zod';
import type { Runner } from '../runner/runner';
import { BaseLoop, DynamicIntervals } from './base-loop';
import { TrainLoopState } from './train-loop-state';

export interface EpochBasedTrainLoopOptions {
  runner: Runner;
  dataloader: unknown;
  max_epochs: number;
  val_begin?: number;
  val_interval?: number;
  dynamic_intervals?: Array<[number, number]> | null;
}

/** The runner a loop is built with (a loop's class-typed option; zod only checks it is an object). */
export const runnerSchema = z.custom<Runner>(
  (v) => typeof v === 'object' && v !== null,
  'the runner',
) as unknown as z.ZodType<never>;

export const trainLoopShape = {
  runner: runnerSchema,
  dataloader: z.unknown(),
  val_begin: z.number().int().optional(),
  val_interval: z.number().int().positive().optional(),
  dynamic_intervals: z
    .array(z.tuple([z.number().int(), z.number().int().positive()]))
    .nullable()
    .optional(),
};

const shape = {
  ...trainLoopShape,
  max_epochs: z.number().int().positive(),
} satisfies ShapeOf<EpochBasedTrainLoopOptions>;

/**
 * MMEngine's `EpochBasedTrainLoop`: `max_epochs` passes over the train dataloader, validating after epoch N when
 * N >= `val_begin` and N is a multiple of `val_interval` (or the last epoch). A run resumed mid-epoch continues with
 * exactly the batches that epoch had left (MMEngine replays the whole epoch).
 */
export class EpochBasedTrainLoop extends BaseLoop {
  static readonly optionsSchema = optionsSchema<EpochBasedTrainLoopOptions>(shape);

  readonly maxEpochs: number;
  valBegin: number;
  valInterval: number;
  /** Set it (EarlyStoppingHook, Ctrl-C) to end training after the current iteration. */
  stopTraining = false;
  readonly state = new TrainLoopState();
  private readonly _dynamic: DynamicIntervals;

  constructor(options: EpochBasedTrainLoopOptions) {
    super(options.runner, options.dataloader, 'train_dataloader');
    this.maxEpochs = options.max_epochs;
    this.valBegin = options.val_begin ?? 1;
    this.valInterval = options.val_interval ?? 1;
    this._dynamic = new DynamicIntervals(this.valInterval, options.dynamic_intervals);
  }

  /** `max_epochs` times the batches of an epoch (read once the dataset has loaded). */
  get maxIters(): number {
    return this.maxEpochs * this.dataloader.length;
  }

  get epoch(): number {
    return this.state.epoch;
  }

  get iter(): number {
    return this.state.iter;
  }

  async run(): Promise<unknown> {
    const runner = this.runner;
    await runner.callHook('beforeTrain');
    while (this.state.epoch < this.maxEpochs && !this.stopTraining) {
      const finished = await this.runEpoch();
      if (!finished) break;
      this.valInterval = this._dynamic.at(this.state.epoch + 1);
      const epoch = this.state.epoch;
      if (runner.hasValLoop && epoch >= this.valBegin && (epoch % this.valInterval === 0 || epoch === this.maxEpochs)) {
        await runner.valLoop.run();
      }
    }
    await runner.callHook('afterTrain');
    return runner.model;
  }

  /** One epoch; false when training was stopped inside it. */
  async runEpoch(): Promise<boolean> {
    const runner = this.runner;
    let idx = this.state.startEpoch();
    await runner.callHook('beforeTrainEpoch');
    runner.model.train();
    for await (const batch of this.dataloader) {
      await this.runIter(idx, batch);
      idx += 1;
      if (this.stopTraining && idx < this.dataloader.length) return false;
    }
    this.state.phase = 'afterEpoch';
    await runner.callHook('afterTrainEpoch');
    this.state.phase = undefined;
    this.state.epoch += 1;
    this.state.batchInEpoch = 0;
    return true;
  }

  async runIter(idx: number, batch: unknown): Promise<void> {
    const runner = this.runner;
    await runner.callHook('beforeTrainIter', idx, batch);
    const outputs = runner.model.trainStep(batch as never, runner.optimWrapper as never);
    runner.checkOutputs(outputs);
    this.state.phase = 'afterIter';
    this.state.batchInEpoch = idx;
    await runner.callHook('afterTrainIter', idx, batch, outputs);
    this.state.phase = undefined;
    this.releaseBatch(batch);
    this.state.iter += 1;
    this.state.batchInEpoch = idx + 1;
  }
}
