import { optionsSchema } from '@eng/internal/options';
import type { Runner } from '../runner/runner';
import { Hook, type RunMode } from './hook';

const now = (): number => performance.now() / 1000;

/**
 * MMEngine's `IterTimerHook` (priority NORMAL): `data_time` (waiting for the batch) and `time` (the whole
 * iteration) in seconds into the message hub, and the `eta` of the loop from the mean iteration time.
 */
export class IterTimerHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'NORMAL';
  timeSecTot = 0;
  timeSecTestVal = 0;
  startIter = 0;
  private _t = now();

  override beforeTrain(runner: Runner): void {
    this.startIter = runner.iter;
  }

  protected override _beforeEpoch(): void {
    this._t = now();
  }

  protected override _afterEpoch(): void {
    this.timeSecTestVal = 0;
  }

  protected override _beforeIter(runner: Runner, _batchIdx: number, _dataBatch: unknown, mode: RunMode): void {
    runner.messageHub.updateScalar(`${mode}/data_time`, now() - this._t);
  }

  protected override _afterIter(
    runner: Runner,
    batchIdx: number,
    _dataBatch: unknown,
    _outputs: unknown,
    mode: RunMode,
  ): void {
    const hub = runner.messageHub;
    const t = now();
    hub.updateScalar(`${mode}/time`, t - this._t);
    this._t = t;
    const iterTime = hub.getScalar(`${mode}/time`).current();
    if (mode === 'train') {
      this.timeSecTot += iterTime;
      const average = this.timeSecTot / (runner.iter - this.startIter + 1);
      hub.updateInfo('eta', average * (runner.maxIters - runner.iter - 1));
    } else {
      const loader = mode === 'val' ? runner.valDataloader : runner.testDataloader;
      this.timeSecTestVal += iterTime;
      const average = this.timeSecTestVal / (batchIdx + 1);
      hub.updateInfo('eta', average * (loader.length - batchIdx - 1));
    }
  }
}
