import { optionsSchema } from '@eng/internal/options';
import type { ParamScheduler } from '@eng/optim';
import type { Runner } from '../runner/runner';
import { Hook, type Metrics } from './hook';

function eachScheduler(runner: Runner, fn: (s: ParamScheduler) => void): void {
  const schedulers = runner.paramSchedulers;
  const lists = Array.isArray(schedulers) ? [schedulers] : Object.values(schedulers);
  for (const list of lists) for (const s of list) fn(s);
}

/**
 * MMEngine's `ParamSchedulerHook` (priority LOW): steps the iteration-based schedulers after each train iteration,
 * the epoch-based ones after each epoch, and the ones that need metrics (`ReduceOnPlateau*`) after validation.
 */
export class ParamSchedulerHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'LOW';

  override afterTrainIter(runner: Runner): void {
    eachScheduler(runner, (s) => {
      if (!s.byEpoch) s.step();
    });
  }

  override afterTrainEpoch(runner: Runner): void {
    eachScheduler(runner, (s) => {
      if (s.byEpoch) s.step();
    });
  }

  override afterValEpoch(runner: Runner, metrics?: Metrics): void {
    if (metrics === undefined) return;
    eachScheduler(runner, (s) => {
      if (s.byEpoch && s.needValArgs) (s.step as (m: Metrics) => void)(metrics);
    });
  }
}
