import { allReduceParamsSync } from '@eng/dist';
import { optionsSchema } from '@eng/internal/options';
import { unwrapModel } from '@eng/model';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

/** Replaces each floating-point buffer of the model by its mean over the ranks (one allreduce for all of them). */
function averageBuffers(runner: Runner): void {
  allReduceParamsSync(
    [...unwrapModel(runner.model).buffers()].filter((b) => b.dtype === 'float32'),
    'mean',
  );
}

/**
 * MMEngine's `SyncBuffersHook` (priority NORMAL): in a distributed run, averages the model's floating-point buffers
 * (BatchNorm's running statistics) over all ranks after each training epoch, and before a validation epoch that
 * did not follow one (an iteration-based loop), so that every rank validates and saves the same model. In one
 * process there is nothing to average and it leaves the buffers alone. (Integer buffers, such as
 * `num_batches_tracked`, are equal on every rank already.)
 *
 * @example
 * const runner = new Runner({ ...parts, custom_hooks: [{ type: 'SyncBuffersHook' }] });
 */
export class SyncBuffersHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'NORMAL';
  /** Whether the buffers were synchronised at the end of the training epoch before this validation. */
  calledInTrain = false;

  override afterTrainEpoch(runner: Runner): void {
    if (!runner.distributed) return;
    averageBuffers(runner);
    this.calledInTrain = true;
  }

  override beforeValEpoch(runner: Runner): void {
    if (runner.distributed && !this.calledInTrain) averageBuffers(runner);
    this.calledInTrain = false;
  }
}
