import { allReduceSync } from '@eng/dist';
import { optionsSchema } from '@eng/internal/options';
import { unwrapModel } from '@eng/model';
import { tf } from '@eng/tensor-gpu';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

/** Replaces each floating-point buffer of the model by its mean over the ranks (one allreduce for all of them). */
function averageBuffers(runner: Runner): void {
  const buffers = [...unwrapModel(runner.model).buffers()].filter((b) => b.dtype === 'float32');
  if (buffers.length === 0) return;
  const packed = new Float32Array(buffers.reduce((n, b) => n + b.size, 0));
  let offset = 0;
  for (const buffer of buffers) {
    packed.set(buffer.dataSync() as Float32Array, offset);
    offset += buffer.size;
  }
  allReduceSync(packed, 'mean');
  offset = 0;
  for (const buffer of buffers) {
    const values = packed.slice(offset, offset + buffer.size);
    tf.tidy(() => buffer.assign(tf.tensor(values, buffer.shape, 'float32')));
    offset += buffer.size;
  }
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
