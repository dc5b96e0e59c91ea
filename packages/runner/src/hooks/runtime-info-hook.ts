import { optionsSchema } from '@eng/internal/options';
import type { Runner } from '../runner/runner';
import { Hook, type Metrics } from './hook';
import { packageVersions } from '../runner/environment';

function isScalar(value: unknown): value is number {
  return typeof value === 'number' || (Array.isArray(value) && value.length === 1 && typeof value[0] === 'number');
}

/**
 * MMEngine's `RuntimeInfoHook` (priority VERY_HIGH): puts the loop's state (epoch, iter, max_epochs, max_iters,
 * loop_stage), the learning rates, the model's outputs and the metrics into the runner's message hub, so parts that
 * cannot reach the runner can read them.
 */
export class RuntimeInfoHook extends Hook {
  static readonly optionsSchema = optionsSchema<Record<string, never>>({});
  override priority: Hook['priority'] = 'VERY_HIGH';
  private _lastLoopStage: unknown;

  override beforeRun(runner: Runner): void {
    runner.messageHub.updateInfoDict({
      cfg: runner.cfg.prettyText,
      seed: runner.seed,
      experiment_name: runner.experimentName,
      eng_version: packageVersions()['@eng/runner'],
    });
    this._lastLoopStage = undefined;
  }

  override beforeTrain(runner: Runner): void {
    const hub = runner.messageHub;
    hub.updateInfo('loop_stage', 'train');
    hub.updateInfo('epoch', runner.epoch);
    hub.updateInfo('iter', runner.iter);
    hub.updateInfo('max_epochs', runner.maxEpochs);
    hub.updateInfo('max_iters', runner.maxIters);
    const meta = (runner.trainDataloader.dataset as { metainfo?: unknown } | undefined)?.metainfo;
    if (meta !== undefined) hub.updateInfo('dataset_meta', meta);
  }

  override afterTrain(runner: Runner): void {
    runner.messageHub.popInfo('loop_stage');
  }

  override beforeTrainEpoch(runner: Runner): void {
    runner.messageHub.updateInfo('epoch', runner.epoch);
  }

  override beforeTrainIter(runner: Runner): void {
    const hub = runner.messageHub;
    hub.updateInfo('iter', runner.iter);
    for (const [name, lr] of Object.entries(runner.optimWrapper.getLr())) {
      const first = (lr as number[])[0];
      if (typeof first === 'number') hub.updateScalar(`train/${name}`, first);
    }
  }

  override afterTrainIter(
    runner: Runner,
    _batchIdx: number,
    _dataBatch?: unknown,
    outputs?: Record<string, number>,
  ): void {
    if (outputs === undefined) return;
    for (const [key, value] of Object.entries(outputs)) runner.messageHub.updateScalar(`train/${key}`, value);
  }

  override beforeVal(runner: Runner): void {
    this._lastLoopStage = runner.messageHub.getInfo('loop_stage');
    runner.messageHub.updateInfo('loop_stage', 'val');
  }

  override afterValEpoch(runner: Runner, metrics?: Metrics): void {
    this._recordMetrics(runner, 'val', metrics);
  }

  override afterVal(runner: Runner): void {
    if (this._lastLoopStage === 'train') {
      runner.messageHub.updateInfo('loop_stage', 'train');
      this._lastLoopStage = undefined;
    } else {
      runner.messageHub.popInfo('loop_stage');
    }
  }

  override beforeTest(runner: Runner): void {
    runner.messageHub.updateInfo('loop_stage', 'test');
  }

  override afterTest(runner: Runner): void {
    runner.messageHub.popInfo('loop_stage');
  }

  override afterTestEpoch(runner: Runner, metrics?: Metrics): void {
    this._recordMetrics(runner, 'test', metrics);
  }

  private _recordMetrics(runner: Runner, mode: 'val' | 'test', metrics: Metrics | undefined): void {
    for (const [key, value] of Object.entries(metrics ?? {})) {
      if (isScalar(value))
        runner.messageHub.updateScalar(`${mode}/${key}`, Array.isArray(value) ? (value[0] as number) : value);
      else runner.messageHub.updateInfo(`${mode}/${key}`, value);
    }
  }
}
