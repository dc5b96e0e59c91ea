import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { BaseAveragedModel, type BaseModule, unwrapModel } from '@eng/model';
import { MODELS, withConfigPath } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { loadModelWeights } from '../checkpoint/index';
import { RunnerError } from '../errors';
import type { Runner } from '../runner/runner';
import { type CheckpointDict, Hook, type Metrics } from './hook';

type AveragedModelClass = abstract new (...args: never[]) => BaseAveragedModel;

export interface EMAHookOptions {
  /** The averaged model in MODELS (default `'ExponentialMovingAverage'`; also `'MomentumAnnealingEMA'`, `'StochasticWeightAverage'`). */
  ema_type?: string | AveragedModelClass;
  /** Load the EMA weights of a checkpoint strictly (default false). */
  strict_load?: boolean;
  /** The iteration from which the average is updated (default 0); before it the EMA copies the weights. */
  begin_iter?: number;
  /** The epoch from which the average is updated (default 0); not together with `begin_iter`. */
  begin_epoch?: number;
  /** Passed to the averaged model: the weight of the new value. */
  momentum?: number;
  /** Passed to the averaged model: average every `interval` updates. */
  interval?: number;
  /** Passed to the averaged model: average buffers too (and swap them for validation). */
  update_buffers?: boolean;
  /** Passed to `MomentumAnnealingEMA`. */
  gamma?: number;
  /** Passed to the averaged model (accepted for MMEngine's configs). */
  device?: string | null;
}

const count = z.number().int();
const shape = {
  ema_type: z.union([z.string(), z.custom<AveragedModelClass>((v) => typeof v === 'function', 'a class')]).optional(),
  strict_load: z.boolean().optional(),
  begin_iter: count.optional(),
  begin_epoch: count.optional(),
  momentum: z.number().optional(),
  interval: count.optional(),
  update_buffers: z.boolean().optional(),
  gamma: z.number().optional(),
  device: z.string().nullable().optional(),
} satisfies ShapeOf<EMAHookOptions>;

const AVERAGED_KEYS = ['momentum', 'interval', 'update_buffers', 'gamma', 'device'] as const;

/** Whether the runner is resuming (MMEngine's `runner._resume`): EMA weights are swapped back only then. */
function isResuming(runner: Runner): boolean {
  return runner.resuming;
}

/** Swaps the values of two variables (MMEngine's `p_avg.data` / `p_src.data` exchange). */
function swapValues(a: tf.Variable, b: tf.Variable): void {
  const tmp = tf.clone(a);
  a.assign(b);
  b.assign(tmp);
  tmp.dispose();
}

/**
 * MMEngine's `EMAHook` (priority NORMAL): keeps an exponential moving average of the model's weights in an averaged
 * model from MODELS (`ExponentialMovingAverage` by default), updated after every training iteration from
 * `begin_iter` / `begin_epoch` on (before that it copies the weights). Validation and test run with the averaged
 * weights (swapped into the model before the epoch and back after it). A checkpoint's `state_dict` holds the
 * averaged weights, so `load_from` deploys them, and `ema_state_dict` holds the averaged model's state with the
 * source weights in it, from which a resumed run restores both.
 *
 * @example
 * const runner = new Runner({ ...parts, custom_hooks: [{ type: 'EMAHook', momentum: 0.001 }] });
 */
export class EMAHook extends Hook {
  static readonly optionsSchema = optionsSchema<EMAHookOptions>(shape);
  override priority: Hook['priority'] = 'NORMAL';

  readonly strictLoad: boolean;
  /** The config the averaged model is built from (`type` and the averaged model's options). */
  readonly emaCfg: Record<string, unknown>;
  readonly beginIter: number;
  readonly beginEpoch: number;
  /** Whether `begin_epoch` (rather than `begin_iter`) decides when averaging starts. */
  readonly enabledByEpoch: boolean;
  private _srcModel: BaseModule | undefined;
  private _emaModel: BaseAveragedModel | undefined;

  constructor(options: EMAHookOptions = {}) {
    super();
    this.strictLoad = options.strict_load ?? false;
    const beginIter = options.begin_iter ?? 0;
    const beginEpoch = options.begin_epoch ?? 0;
    if (beginIter !== 0 && beginEpoch !== 0) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: \`begin_iter\` and \`begin_epoch\` should not be both set, got begin_iter: ${beginIter}, begin_epoch: ${beginEpoch}`,
      );
    }
    if (beginIter < 0) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: \`begin_iter\` must larger than or equal to 0, but got begin_iter: ${beginIter}`,
      );
    }
    if (beginEpoch < 0) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: \`begin_epoch\` must larger than or equal to 0, but got begin_epoch: ${beginEpoch}`,
      );
    }
    this.beginIter = beginIter;
    this.beginEpoch = beginEpoch;
    this.enabledByEpoch = beginEpoch > 0;
    this.emaCfg = { type: options.ema_type ?? 'ExponentialMovingAverage' };
    for (const key of AVERAGED_KEYS) if (options[key] !== undefined) this.emaCfg[key] = options[key];
  }

  /** The model whose weights are averaged (`runner.model`), set in `beforeRun`. */
  get srcModel(): BaseModule {
    if (this._srcModel === undefined) throw new RunnerError('NOT_BUILT', 'EMAHook.srcModel is set in beforeRun');
    return this._srcModel;
  }

  /** The averaged model, built in `beforeRun`. */
  get emaModel(): BaseAveragedModel {
    if (this._emaModel === undefined) throw new RunnerError('NOT_BUILT', 'EMAHook.emaModel is built in beforeRun');
    return this._emaModel;
  }

  /**
   * Builds the averaged model from `runner.model`. A later run of the same runner (`test()` after `train()`) keeps
   * the average it has for the same model (MMEngine rebuilds it there, from the weights the model has then).
   */
  override beforeRun(runner: Runner): void {
    const model = unwrapModel(runner.model);
    if (this._emaModel !== undefined && this._srcModel === model) return;
    this._emaModel?.dispose();
    this._emaModel = undefined;
    this._srcModel = model;
    const built = withConfigPath('EMAHook', () => MODELS.build(this.emaCfg as never, { model } as never)) as unknown;
    if (!(built instanceof BaseAveragedModel)) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: ema_type must be an averaged model (a BaseAveragedModel such as ExponentialMovingAverage), got ${describe(built)}`,
      );
    }
    this._emaModel = built;
  }

  /** Checks that averaging starts within the run. */
  override beforeTrain(runner: Runner): void {
    if (this.enabledByEpoch && this.beginEpoch > runner.maxEpochs) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: self.begin_epoch should be smaller than or equal to runner.maxEpochs: ${runner.maxEpochs}, but got begin_epoch: ${this.beginEpoch}`,
      );
    }
    if (!this.enabledByEpoch && this.beginIter > runner.maxIters) {
      throw new RunnerError(
        'BAD_OPTIONS',
        `EMAHook: self.begin_iter should be smaller than or equal to runner.maxIters: ${runner.maxIters}, but got begin_iter: ${this.beginIter}`,
      );
    }
  }

  /** Folds the new weights into the average once it has started; before that copies them (`_ema_started`). */
  override afterTrainIter(
    runner: Runner,
    _batchIdx?: number,
    _dataBatch?: unknown,
    _outputs?: Record<string, number>,
  ): void {
    const ema = this.emaModel;
    if (this._emaStarted(runner)) {
      ema.updateParameters(this.srcModel);
      return;
    }
    const src = this.srcModel.stateDict();
    const state: Record<string, tf.Tensor> = {};
    for (const key of Object.keys(ema.module.stateDict())) {
      const value = src[key];
      if (value === undefined) {
        throw new RunnerError('BAD_OPTIONS', `EMAHook: the model has no "${key}" to copy into the averaged model`);
      }
      state[key] = value;
    }
    ema.module.loadStateDict(state);
  }

  override beforeValEpoch(_runner: Runner): void {
    this._swapEmaParameters();
  }

  override afterValEpoch(_runner: Runner, _metrics?: Metrics): void {
    this._swapEmaParameters();
  }

  override beforeTestEpoch(_runner: Runner): void {
    this._swapEmaParameters();
  }

  override afterTestEpoch(_runner: Runner, _metrics?: Metrics): void {
    this._swapEmaParameters();
  }

  /**
   * Adds `ema_state_dict` (copies of the averaged model's tensors, which the checkpoint owns) and swaps the
   * `module.*` entries with `state_dict`'s, so `state_dict` holds the averaged weights (as MMEngine saves them).
   */
  override beforeSaveCheckpoint(_runner: Runner, checkpoint: CheckpointDict): void {
    checkpoint.ema_state_dict = this.emaModel.stateDict({ clone: true });
    this._swapEmaStateDict(checkpoint);
  }

  /**
   * Restores the averaged model. When resuming from a checkpoint with `ema_state_dict`, swaps the entries back (so the
   * model loads its own weights) and loads the average; otherwise the averaged model starts from `state_dict` (with a
   * warning when resuming, since the average is lost).
   */
  override afterLoadCheckpoint(runner: Runner, checkpoint: CheckpointDict): void {
    const resuming = isResuming(runner);
    if (checkpoint.ema_state_dict !== undefined && resuming) {
      this._swapEmaStateDict(checkpoint);
      this.emaModel.loadStateDict(checkpoint.ema_state_dict as Record<string, tf.Tensor>, { strict: this.strictLoad });
      return;
    }
    if (resuming) {
      runner.logger.warning(
        'There is no `ema_state_dict` in checkpoint. `EMAHook` will make a copy of `state_dict` as the initial `ema_state_dict`',
      );
    }
    // loadModelWeights disposes what it is given, and the model loads state_dict after this hook: hand it copies
    // (MMEngine deep-copies here too).
    const state = (checkpoint.state_dict ?? {}) as Record<string, tf.Tensor>;
    const copies = Object.fromEntries(Object.entries(state).map(([key, value]) => [key, tf.clone(value)]));
    loadModelWeights(this.emaModel.module, copies, { strict: this.strictLoad, logger: runner.logger });
  }

  /** Exchanges the model's parameters (and buffers, with `update_buffers`) with the averaged model's. */
  private _swapEmaParameters(): void {
    const ema = this.emaModel;
    const src = this.srcModel;
    const avg = ema.updateBuffers
      ? [...ema.module.parameters(), ...ema.module.buffers()]
      : [...ema.module.parameters()];
    const own = ema.updateBuffers ? [...src.parameters(), ...src.buffers()] : [...src.parameters()];
    const n = Math.min(avg.length, own.length);
    for (let i = 0; i < n; i++) swapValues(avg[i] as tf.Variable, own[i] as tf.Variable);
  }

  /** Exchanges `ema_state_dict['module.' + k]` with `state_dict[k]` for every key both have. */
  private _swapEmaStateDict(checkpoint: CheckpointDict): void {
    const model = checkpoint.state_dict as Record<string, unknown> | undefined;
    const ema = checkpoint.ema_state_dict as Record<string, unknown> | undefined;
    if (model === undefined || ema === undefined) return;
    for (const key of Object.keys(ema)) {
      if (!key.startsWith('module.')) continue;
      const own = key.slice('module.'.length);
      if (!(own in model)) continue;
      const tmp = ema[key];
      ema[key] = model[own];
      model[own] = tmp;
    }
  }

  /** Whether averaging has started at the current iteration or epoch (MMEngine's `_ema_started`). */
  private _emaStarted(runner: Runner): boolean {
    return this.enabledByEpoch ? runner.epoch + 1 >= this.beginEpoch : runner.iter + 1 >= this.beginIter;
  }
}
