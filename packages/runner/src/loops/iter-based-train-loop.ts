import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { printLog } from '@eng/logging';
import { z } from 'zod';
import type { Runner } from '../runner/runner';
import { BaseLoop, DynamicIntervals, type LoopDataloader } from './base-loop';
import { trainLoopShape } from './epoch-based-train-loop';
import { TrainLoopState } from './train-loop-state';

export interface IterBasedTrainLoopOptions {
  runner: Runner;
  dataloader: unknown;
  max_iters: number;
  val_begin?: number;
  val_interval?: number;
  dynamic_intervals?: Array<[number, number]> | null;
}

const shape = {
  ...trainLoopShape,
  max_iters: z.number().int().positive(),
} satisfies ShapeOf<IterBasedTrainLoopOptions>;

/**
 * Batches without end: when a finite dataloader runs out it starts its next pass with `setEpoch(pass + 1)`, as
 * MMEngine's `_InfiniteDataloaderIterator` does (an `InfiniteSampler` never runs out).
 */
class EndlessBatches {
  private _iterator: AsyncIterator<unknown> | undefined;

  constructor(
    private readonly _loader: LoopDataloader,
    private readonly _state: TrainLoopState,
  ) {}

  async next(): Promise<unknown> {
    for (let attempt = 0; attempt < 2; attempt++) {
      this._iterator ??= this._loader[Symbol.asyncIterator]();
      const step = await this._iterator.next();
      if (!step.done) return step.value;
      this._iterator = undefined;
      printLog(
        'Reached the end of the dataloader; it restarts and continues. An InfiniteSampler iterates without restarts.',
        { logger: 'current', level: 'WARNING' },
      );
      this._state.epoch += 1;
      this._loader.setEpoch?.(this._state.epoch);
    }
    throw new RangeError('IterBasedTrainLoop: the train dataloader yields no batch');
  }

  async close(): Promise<void> {
    await this._iterator?.return?.();
    this._iterator = undefined;
  }
}

/**
 * MMEngine's `IterBasedTrainLoop`: `max_iters` iterations over an endless stream of batches, validating when the
 * iteration count reaches `val_begin` and is a multiple of `val_interval` (or the last iteration). `epoch` counts
 * the passes over a finite dataloader. A resumed run continues from the saved sampler position instead of
 * replaying the skipped batches as MMEngine does.
 */
export class IterBasedTrainLoop extends BaseLoop {
  static readonly optionsSchema = optionsSchema<IterBasedTrainLoopOptions>(shape);

  readonly maxEpochs = 1;
  readonly maxIters: number;
  valBegin: number;
  valInterval: number;
  stopTraining = false;
  readonly state = new TrainLoopState();
  private readonly _dynamic: DynamicIntervals;

  constructor(options: IterBasedTrainLoopOptions) {
    super(options.runner, options.dataloader, 'train_dataloader');
    this.maxIters = options.max_iters;
    this.valBegin = options.val_begin ?? 1;
    this.valInterval = options.val_interval ?? 1000;
    this._dynamic = new DynamicIntervals(this.valInterval, options.dynamic_intervals);
  }

  get epoch(): number {
    return this.state.epoch;
  }

  get iter(): number {
    return this.state.iter;
  }

  async run(): Promise<unknown> {
    const runner = this.runner;
    this.state.startEpoch();
    await runner.callHook('beforeTrain');
    await runner.callHook('beforeTrainEpoch');
    const batches = new EndlessBatches(this.dataloader, this.state);
    try {
      while (this.state.iter < this.maxIters && !this.stopTraining) {
        runner.model.train();
        const batch = await batches.next();
        await this.runIter(batch);
        this.valInterval = this._dynamic.at(this.state.iter + 1);
        const iter = this.state.iter;
        if (runner.hasValLoop && iter >= this.valBegin && (iter % this.valInterval === 0 || iter === this.maxIters)) {
          await runner.valLoop.run();
        }
      }
    } finally {
      await batches.close();
    }
    await runner.callHook('afterTrainEpoch');
    await runner.callHook('afterTrain');
    return runner.model;
  }

  async runIter(batch: unknown): Promise<void> {
    const runner = this.runner;
    const idx = this.state.iter;
    await runner.callHook('beforeTrainIter', idx, batch);
    const outputs = runner.model.trainStep(batch as never, runner.optimWrapper as never);
    runner.checkOutputs(outputs);
    this.state.phase = 'afterIter';
    await runner.callHook('afterTrainIter', idx, batch, outputs);
    this.state.phase = undefined;
    this.releaseBatch(batch);
    this.state.iter += 1;
    this.state.batchInEpoch += 1;
  }
}
