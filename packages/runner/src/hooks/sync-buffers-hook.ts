import { optionsSchema } from '@eng/internal/options';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

function refuseDistributed(runner: Runner): void {
  if (!runner.distributed) return;
  throw new RunnerError(
    'NOT_SUPPORTED',
    `SyncBuffersHook: averaging the model's buffers across ${runner.worldSize} processes needs @eng/dist, which is not available yet; remove the hook or train in one process`,
  );
}

/**
 * MMEngine's `SyncBuffersHook` (priority NORMAL): in a distributed run, averages the model's buffers (BatchNorm's
 * running statistics) over all processes after each training epoch, and before a validation epoch that did not
 * follow one (an iteration-based loop). In one process (`runner.distributed` false) there is nothing to average
 * and it leaves the buffers alone; a distributed run is refused until `@eng/dist` lands.
 *
 * @example
 * const runner = new Runner({ ...parts, custom_hooks: [{ type: 'SyncBuffersHook' }] });
 */
export class SyncBuffersHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'NORMAL';
  /** Whether the buffers were synchronised at the end of the training epoch before this validation. */
  calledInTrain = false;

  override beforeRun(runner: Runner): void {
    refuseDistributed(runner);
  }

  override beforeValEpoch(runner: Runner): void {
    refuseDistributed(runner);
    this.calledInTrain = false;
  }

  override afterTrainEpoch(runner: Runner): void {
    refuseDistributed(runner);
  }
}
