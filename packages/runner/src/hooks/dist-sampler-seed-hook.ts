import { optionsSchema } from '@eng/internal/options';
import type { Runner } from '../runner/runner';
import { Hook } from './hook';

/**
 * MMEngine's `DistSamplerSeedHook` (priority NORMAL): tells the train dataloader the epoch before it starts, so the
 * sampler shuffles anew each epoch and every sample's random transforms draw from that epoch's stream.
 */
export class DistSamplerSeedHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'NORMAL';

  override beforeTrainEpoch(runner: Runner): void {
    const loader = runner.trainLoop.dataloader as {
      setEpoch?: (e: number) => void;
      sampler?: { setEpoch?: (e: number) => void };
    };
    if (typeof loader.setEpoch === 'function') loader.setEpoch(runner.epoch);
    else loader.sampler?.setEpoch?.(runner.epoch);
  }
}
