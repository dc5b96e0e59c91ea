import { describe } from '@eng/internal';
import { MODELS } from '@eng/registry';
import { collectTensors, tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { BaseModule, type InitCfgOption } from '../module/base-module';
import { recordTreeOnce } from '../module/module-name';
import type { BaseDataPreprocessor, DataBatch } from './data-preprocessor';

export type ForwardMode = 'loss' | 'predict' | 'tensor';

/** What `forward(..., 'loss')` returns: named losses (any shape; each is averaged) or lists of them (summed). */
export type LossDict = Record<string, tf.Tensor | tf.Tensor[]>;

/**
 * The part of an optimizer wrapper a model needs (implemented by @eng/optim's OptimWrapper). Gradients come from a
 * closure: `updateParams(lossFn)` differentiates `lossFn` with respect to the wrapper's variables, accumulates or
 * clips, steps when due, and returns the loss (the caller disposes it).
 */
export interface OptimWrapperLike {
  updateParams(lossFn: () => tf.Scalar, options?: Record<string, unknown>): tf.Scalar;
  optimContext<R>(model: BaseModule, fn: () => R): R;
}

export interface BaseModelOptions {
  /** A data preprocessor, or its config (built from MODELS; default type `BaseDataPreprocessor`). */
  data_preprocessor?: BaseDataPreprocessor | Record<string, unknown> | null;
  init_cfg?: InitCfgOption;
  initCfg?: InitCfgOption;
}

/**
 * MMEngine's `BaseModel`: implement `forward(inputs, dataSamples, mode)`; `trainStep`, `valStep` and `testStep` run
 * the standard flow around it (preprocess → forward → parse losses → optimizer step).
 *
 * @example
 * class ToyModel extends BaseModel {
 *   linear = new Linear({ in_features: 1, out_features: 1 });
 *   override forward(inputs: tf.Tensor, labels: tf.Tensor, mode: ForwardMode = 'tensor') {
 *     const feat = this.linear.forward(inputs);
 *     if (mode === 'loss') return { loss: tf.losses.meanSquaredError(labels, feat) };
 *     return feat;
 *   }
 * }
 */
export class BaseModel extends BaseModule {
  constructor(options: BaseModelOptions = {}) {
    super(options);
    const dp = options.data_preprocessor ?? { type: 'BaseDataPreprocessor' };
    let built: unknown;
    if (dp instanceof BaseModule) built = dp;
    else if (typeof dp === 'object') built = MODELS.build({ type: 'BaseDataPreprocessor', ...dp });
    // Any module with forward(data, training) works, as any nn.Module does in MMEngine.
    if (!(built instanceof BaseModule)) {
      throw new TypeError(
        `data_preprocessor should be a BaseDataPreprocessor (or another module) or a config object, but got ${describe(dp)}`,
      );
    }
    this.addModule('data_preprocessor', built as BaseModule);
  }

  /** The data preprocessor (child `data_preprocessor`). */
  get dataPreprocessor(): BaseDataPreprocessor {
    return this._modules.get('data_preprocessor') as BaseDataPreprocessor;
  }

  set dataPreprocessor(dp: BaseDataPreprocessor) {
    this.addModule('data_preprocessor', dp);
  }

  /** Subclasses implement the three modes. */
  override forward(_inputs: unknown, _dataSamples?: unknown, _mode: ForwardMode = 'tensor'): unknown {
    throw new ModelError(
      'NOT_IMPLEMENTED',
      `${this.constructor.name} does not implement forward(inputs, dataSamples, mode)`,
    );
  }

  /**
   * One optimisation step: preprocess (training), then inside `optimWrapper.optimContext` compute the losses in a
   * closure handed to `optimWrapper.updateParams`. Returns the log variables as numbers (`loss` first). Every
   * tensor created on the way is released.
   */
  trainStep(data: DataBatch, optimWrapper: OptimWrapperLike): Record<string, number> {
    return tf.tidy(() => {
      const processed = this.dataPreprocessor.forward(data, true) as DataBatch;
      return optimWrapper.optimContext(this, () => {
        let logVars: Record<string, number> = {};
        const loss = optimWrapper.updateParams(() => {
          const losses = this.runForward(processed, 'loss') as LossDict;
          const [total, vars] = this.parseLosses(losses);
          logVars = readScalars(vars);
          return total;
        });
        if (loss instanceof tf.Tensor) loss.dispose();
        return logVars;
      });
    });
  }

  /** Preprocess (not training) and forward in `predict` mode; the predictions own their tensors. */
  valStep(data: DataBatch): unknown {
    return this.predictStep(data);
  }

  /** Same as `valStep`, as in MMEngine. */
  testStep(data: DataBatch): unknown {
    return this.predictStep(data);
  }

  protected predictStep(data: DataBatch): unknown {
    let out: unknown;
    tf.tidy(() => {
      const processed = this.dataPreprocessor.forward(data, false) as DataBatch;
      out = this.runForward(processed, 'predict');
      return collectTensors(out);
    });
    return out;
  }

  /**
   * Averages each loss, sums lists of losses, and adds up every entry whose key contains `loss` into `loss`.
   * Returns `[loss, logVars]` where `logVars` has `loss` first, then every entry (scalars).
   */
  parseLosses(losses: LossDict): [tf.Scalar, Record<string, tf.Scalar>] {
    const entries: Array<[string, tf.Scalar]> = [];
    for (const [name, value] of Object.entries(losses)) {
      if (value instanceof tf.Tensor) entries.push([name, meanOf(value)]);
      else if (Array.isArray(value) && value.every((v) => v instanceof tf.Tensor)) {
        entries.push([
          name,
          (value.length === 1 ? meanOf(value[0] as tf.Tensor) : tf.addN(value.map(meanOf))) as tf.Scalar,
        ]);
      } else {
        throw new TypeError(`${name} is not a tensor or list of tensors, got ${describe(value)}`);
      }
    }
    const parts = entries.filter(([k]) => k.includes('loss')).map(([, v]) => v);
    if (!parts.length) {
      throw new ModelError(
        'NO_LOSS',
        `forward(..., 'loss') of ${this.constructor.name} returned no key containing "loss" (keys: ${Object.keys(losses).join(', ') || 'none'})`,
      );
    }
    const loss = (parts.length === 1 ? parts[0] : tf.addN(parts)) as tf.Scalar;
    const logVars: Record<string, tf.Scalar> = { loss };
    for (const [k, v] of entries) logVars[k] = v;
    logVars.loss = loss;
    return [loss, logVars];
  }

  /** Calls `forward` with the batch unpacked: `{ inputs, data_samples }` or `[inputs, data_samples]`. */
  protected runForward(data: DataBatch, mode: ForwardMode): unknown {
    // Once per model: every layer learns its dotted name, for its input errors (`Linear "head" expects ...`).
    recordTreeOnce(this);
    if (Array.isArray(data)) return this.forward(data[0], data[1], mode);
    if (data && typeof data === 'object') {
      const d = data as Record<string, unknown>;
      return this.forward(d.inputs, d.data_samples ?? d.dataSamples, mode);
    }
    throw new TypeError(`Output of \`dataPreprocessor\` should be an object or an array, but got ${describe(data)}`);
  }
}

/** The mean as a scalar; a scalar is returned as it is (no extra kernels in the gradient). */
function meanOf(t: tf.Tensor): tf.Scalar {
  return (t.rank === 0 ? t : tf.mean(t)) as tf.Scalar;
}

function readScalars(vars: Record<string, tf.Scalar>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = v.dataSync()[0] as number;
  return out;
}
