import { brandClass, describe } from '@eng/internal';
import { optionsSchema } from '@eng/internal/options';
import { MessageHub, printLog } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { OptimWrapperError } from '../errors';
import {
  type LoadableOptimizerStateDict,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
} from '../optimizer/base';

/** `clip_grad` of an optim_wrapper config: by total norm (torch's clip_grad_norm_) or by value (clip_grad_value_). */
export type ClipGradConfig =
  | { type?: 'norm'; max_norm: number; norm_type?: number | 'inf'; error_if_nonfinite?: boolean }
  | { type: 'value'; clip_value: number };

export interface OptimWrapperOptions {
  optimizer: Optimizer;
  /** Update the parameters once every `accumulative_counts` calls of `updateParams`. Defaults to 1. */
  accumulative_counts?: number;
  clip_grad?: ClipGradConfig | null;
}

export interface UpdateParamsOptions {
  /** Variables to differentiate; defaults to every trainable variable of the optimizer's groups. */
  variables?: tf.Variable[];
}

/** The state dict of an OptimWrapper: the optimizer's, plus `base_param_settings` with several groups. */
/**
 * What a data-parallel model wrapper (`MMDistributedDataParallel`) installs on an optim wrapper: before each step it
 * replaces the locally accumulated gradients by their average over every process. `params` are the optimizer's
 * trainable variables in its own order (the same on every process); `grads` holds the ones that have a gradient.
 * It returns the gradients to step with (a variable left out has none).
 */
export interface GradientReducer {
  reduce(params: readonly tf.Variable[], grads: ReadonlyMap<tf.Variable, tf.Tensor>): Map<tf.Variable, tf.Tensor>;
}

export type OptimWrapperStateDict = OptimizerStateDict & { base_param_settings?: Record<string, unknown> };

/** Minimal model shape the wrapper inspects (a `BaseModule` of @eng/model fits). */
export interface ModelLike {
  namedModules?: () => Iterable<[string, unknown]>;
}

function hasBatchNorm(model: ModelLike | undefined): boolean {
  if (model === undefined || typeof model.namedModules !== 'function') return false;
  for (const [, module] of model.namedModules()) {
    const name = (module as { constructor?: { name?: string } })?.constructor?.name ?? '';
    if (/BatchNorm|SyncBatchNorm/.test(name)) return true;
  }
  return false;
}

function copyGroup(group: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}

/**
 * MMEngine's `OptimWrapper`: one interface for a training step with gradient accumulation and clipping.
 *
 * PyTorch computes gradients with `loss.backward()`; TensorFlow.js needs the loss as a function, so
 * `updateParams` (and `backward`) take a closure that returns the scalar loss.
 *
 * @example
 * const wrapper = new OptimWrapper({ optimizer: new SGD(params, { lr: 0.01 }), accumulative_counts: 2 });
 * const loss = wrapper.updateParams(() => tf.losses.absoluteDifference(target, model.forward(x)) as tf.Scalar);
 * loss.dispose();
 */
const clipGradSchema = z.union([
  z.strictObject({
    type: z.literal('norm').optional(),
    max_norm: z.number(),
    norm_type: z.union([z.number(), z.literal('inf')]).optional(),
    error_if_nonfinite: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('value'), clip_value: z.number() }),
]);

/** The zod shape of the wrapper's options, for subclasses' schemas to extend. */
export const optimWrapperShape = {
  optimizer: z.custom<Optimizer>(),
  accumulative_counts: z.number().optional(),
  clip_grad: clipGradSchema.nullable().optional(),
};

export class OptimWrapper {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<OptimWrapperOptions>(optimWrapperShape);

  readonly optimizer: Optimizer;
  protected readonly accumulativeCounts: number;
  readonly clipGradKwargs: ClipGradConfig | null;
  protected readonly clipType: 'norm' | 'value' | null;
  /** The hub `grad_norm` is logged to: the current one when built; a Runner sets its own. */
  messageHub: MessageHub | undefined;
  /**
   * Set by a data-parallel wrapper: averages the gradients over the processes in `step()`, before clipping (so
   * `clip_grad` clips the averaged gradient) and only when a step is taken (accumulated iterations communicate once).
   */
  gradientReducer: GradientReducer | null = null;
  protected _innerCount = 0;
  protected maxCounts = -1;
  protected remainderCounts = -1;
  /**
   * With several param groups, an extra group that holds the optimizer's defaults, so schedulers also track a
   * "base" learning rate (logged as `base_lr`).
   */
  baseParamSettings: Record<string, unknown> | null;

  /** `new OptimWrapper({ optimizer, accumulative_counts, clip_grad })`, or `new OptimWrapper(optimizer)` as in the manual. */
  constructor(options: OptimWrapperOptions | Optimizer) {
    const opts: OptimWrapperOptions =
      options instanceof Optimizer ? { optimizer: options } : (options ?? ({} as OptimWrapperOptions));
    const { optimizer, accumulative_counts = 1, clip_grad = null } = opts;
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`OptimWrapper: 'optimizer' should be an @eng/optim Optimizer, got ${describe(optimizer)}`);
    }
    if (!Number.isInteger(accumulative_counts) || accumulative_counts < 1) {
      throw new OptimWrapperError(
        'BAD_ACCUMULATION',
        `_accumulative_counts at least greater than or equal to 1, got ${accumulative_counts}`,
      );
    }
    this.optimizer = optimizer;
    this.accumulativeCounts = accumulative_counts;
    if (clip_grad != null) {
      if (typeof clip_grad !== 'object' || Object.keys(clip_grad).length === 0) {
        throw new OptimWrapperError(
          'BAD_CLIP_GRAD',
          'If `clip_grad` is not null, it should be an object with the arguments of clip_grad_norm_ (max_norm, norm_type) or clip_grad_value_ (type: "value", clip_value).',
        );
      }
      const type = clip_grad.type ?? 'norm';
      if (type !== 'norm' && type !== 'value') {
        throw new OptimWrapperError(
          'BAD_CLIP_GRAD',
          `type of clip_grad should be "norm" or "value" but got ${String(type)}`,
        );
      }
      if (type === 'norm' && typeof (clip_grad as { max_norm?: unknown }).max_norm !== 'number') {
        const hint = 'clip_value' in clip_grad ? ' (to clip by value, add type: "value" next to clip_value)' : '';
        throw new OptimWrapperError('BAD_CLIP_GRAD', `clip_grad of type "norm" needs a numeric max_norm${hint}`);
      }
      if (type === 'value' && typeof (clip_grad as { clip_value?: unknown }).clip_value !== 'number') {
        throw new OptimWrapperError('BAD_CLIP_GRAD', 'clip_grad of type "value" needs a numeric clip_value');
      }
      this.clipType = type;
    } else {
      this.clipType = null;
    }
    this.clipGradKwargs = clip_grad;
    // MMEngine's MessageHub.get_current_instance(): the current hub, created as 'mmengine' when none exists.
    this.messageHub = MessageHub.getCurrentInstance();
    this.baseParamSettings =
      optimizer.paramGroups.length > 1 ? { ...copyGroup(optimizer.defaults), params: [] as tf.Variable[] } : null;
  }

  /** How many times `backward` / `updateParams` ran (MMEngine's `inner_count`). */
  get innerCount(): number {
    return this._innerCount;
  }

  /** The optimizer's groups, plus `baseParamSettings` when there are several (what schedulers adjust). */
  get paramGroups(): ParamGroup[] {
    const groups = this.optimizer.paramGroups;
    return this.baseParamSettings === null ? groups : [...groups, this.baseParamSettings as ParamGroup];
  }

  get defaults(): Record<string, unknown> {
    return this.optimizer.defaults;
  }

  /**
   * Computes the gradients of `lossFn`, accumulates them and, when the accumulation group is complete,
   * clips, steps and zeroes them. Returns the (unscaled) loss; the caller disposes it.
   */
  updateParams(lossFn: () => tf.Scalar, options: UpdateParamsOptions = {}): tf.Scalar {
    const loss = this.backward(lossFn, { ...options, lossFactor: this.lossFactor() });
    if (this.shouldUpdate()) {
      this.step();
      this.zeroGrad();
    }
    return loss;
  }

  /**
   * Gradients of `lossFn` w.r.t. the variables, divided by `lossFactor` (MMEngine scales the loss for
   * accumulation) and added to the stored gradients; counts one call. Returns the unscaled loss.
   */
  backward(lossFn: () => tf.Scalar, options: UpdateParamsOptions & { lossFactor?: number } = {}): tf.Scalar {
    const variables = options.variables ?? this.optimizer.params().filter((v) => v.trainable);
    if (variables.length === 0)
      throw new OptimWrapperError('NO_VARIABLES', 'OptimWrapper.backward: the optimizer has no trainable variables');
    const { value, grads } = tf.variableGrads(lossFn, variables);
    const factor = options.lossFactor ?? 1;
    const byVariable = new Map<tf.Variable, tf.Tensor>();
    for (const variable of variables) {
      const grad = grads[variable.name];
      if (grad === undefined) continue;
      if (factor === 1) {
        byVariable.set(variable, grad);
      } else {
        byVariable.set(
          variable,
          tf.tidy(() => tf.div(grad, factor)),
        );
        grad.dispose();
      }
    }
    this.optimizer.accumulateGrads(byVariable);
    this._innerCount += 1;
    return value;
  }

  /** Clips the gradients when `clip_grad` is set, then updates the parameters. */
  step(): void {
    if (this.gradientReducer !== null) this.reduceGradients(this.gradientReducer);
    if (this.clipType !== null) this.clipGrad();
    this.optimizer.step();
  }

  private reduceGradients(reducer: GradientReducer): void {
    const params = this.optimizer.params().filter((v) => v.trainable);
    const reduced = reducer.reduce(params, this.optimizer.grads);
    const dropped = params.filter((v) => this.optimizer.grads.has(v) && !reduced.has(v));
    for (const [variable, grad] of reduced) this.optimizer.setGrad(variable, grad);
    for (const variable of dropped) {
      this.optimizer.grads.get(variable)?.dispose();
      this.optimizer.grads.delete(variable);
    }
  }

  zeroGrad(): void {
    this.optimizer.zeroGrad();
  }

  /**
   * Runs `fn` in the wrapper's context. MMEngine uses it to skip gradient synchronisation of a distributed
   * model during accumulation and for autocast; TensorFlow.js has neither, so it just returns `fn()`.
   */
  optimContext<R>(_model: unknown, fn: () => R): R {
    return fn();
  }

  /** The gradients are clipped in place; with `norm`, the total norm is logged as `train/grad_norm`. */
  protected clipGrad(): void {
    const entries = [...this.optimizer.grads.entries()].filter(([v]) => v.trainable);
    if (entries.length === 0) return;
    const cfg = this.clipGradKwargs as ClipGradConfig;
    if (cfg.type === 'value') {
      const v = cfg.clip_value;
      for (const [variable, grad] of entries)
        this.optimizer.setGrad(
          variable,
          tf.tidy(() => tf.clipByValue(grad, -v, v)),
        );
      return;
    }
    const normType = cfg.norm_type ?? 2;
    const totalNorm = tf.tidy(() => {
      if (normType === 'inf' || normType === Number.POSITIVE_INFINITY) {
        return tf.max(tf.stack(entries.map(([, g]) => tf.max(tf.abs(g)))));
      }
      const p = Number(normType);
      const norms = entries.map(([, g]) => tf.pow(tf.sum(tf.pow(tf.abs(g), p)), 1 / p));
      return tf.pow(tf.sum(tf.pow(tf.stack(norms), p)), 1 / p);
    });
    const norm = totalNorm.dataSync()[0] as number;
    totalNorm.dispose();
    if (cfg.error_if_nonfinite && !Number.isFinite(norm)) {
      throw new OptimWrapperError(
        'NONFINITE_GRAD',
        `The total norm of order ${String(normType)} for gradients is non-finite, so it cannot be clipped.`,
      );
    }
    const coef = cfg.max_norm / (norm + 1e-6);
    if (coef < 1) {
      for (const [variable, grad] of entries)
        this.optimizer.setGrad(
          variable,
          tf.tidy(() => tf.mul(grad, coef)),
        );
    }
    this.messageHub?.updateScalar('train/grad_norm', norm);
  }

  /**
   * Tells the wrapper where training starts and ends so the last, incomplete accumulation group of a run still
   * updates the parameters, with its loss divided by its real size (MMEngine's `initialize_count_status`).
   */
  initializeCountStatus(model: ModelLike | undefined, initCounts: number, maxCounts: number): void {
    this._innerCount = initCounts;
    this.maxCounts = maxCounts;
    if (this._innerCount % this.accumulativeCounts !== 0) {
      printLog(
        'Resumed iteration number is not divisible by `_accumulative_counts` in `GradientCumulativeOptimizerHook`, which means the gradient of some iterations is lost and the result may be influenced slightly.',
        { logger: 'current', level: 'WARNING' },
      );
    }
    if (this.accumulativeCounts > 1 && hasBatchNorm(model)) {
      printLog('Gradient accumulative may slightly decrease performance because the model has BatchNorm layers.', {
        logger: 'current',
        level: 'WARNING',
      });
    }
    this.remainderCounts = this.maxCounts % this.accumulativeCounts;
  }

  /** Whether the parameters are updated after the current call. */
  shouldUpdate(): boolean {
    return this._innerCount % this.accumulativeCounts === 0 || this._innerCount === this.maxCounts;
  }

  /** Whether gradients would be synchronised in the coming call (kept for API parity; no distributed backend). */
  shouldSync(): boolean {
    return (this._innerCount + 1) % this.accumulativeCounts === 0 || this._innerCount + 1 === this.maxCounts;
  }

  /** The factor the current call's loss is divided by. */
  protected lossFactor(): number {
    if (this.accumulativeCounts === 1) return 1;
    if (this.maxCounts === -1) return this.accumulativeCounts;
    const factor =
      this._innerCount < this.maxCounts - this.remainderCounts ? this.accumulativeCounts : this.remainderCounts;
    if (!(factor > 0)) {
      throw new OptimWrapperError(
        'BAD_COUNT_STATUS',
        'loss_factor should be larger than zero! This error could happened when initializeCountStatus called with an error `init_counts` or `max_counts`',
      );
    }
    return factor;
  }

  /** `loss / factor` for the current call (MMEngine's `scale_loss`). */
  scaleLoss(loss: tf.Scalar): tf.Scalar {
    const factor = this.lossFactor();
    return factor === 1 ? loss : (tf.div(loss, factor) as tf.Scalar);
  }

  /** Learning rates of the optimizer's groups (`base_lr` too with several groups). */
  getLr(): { lr: number[]; base_lr?: number[] } {
    const res: { lr: number[]; base_lr?: number[] } = { lr: this.optimizer.paramGroups.map((g) => g.lr) };
    if (this.baseParamSettings !== null) return { base_lr: [this.baseParamSettings.lr as number], ...res };
    return res;
  }

  /** Momentum of each group: `momentum`, else Adam's `betas[0]`, else 0. */
  getMomentum(): { momentum: number[] } {
    return {
      momentum: this.optimizer.paramGroups.map((g) => {
        if ('momentum' in g) return g.momentum as number;
        if (Array.isArray(g.betas)) return g.betas[0] as number;
        return 0;
      }),
    };
  }

  /** The optimizer's state dict (see `Optimizer.stateDict`), plus `base_param_settings` with several groups. */
  stateDict(options: { asArrays?: boolean } = {}): OptimWrapperStateDict {
    const state = this.optimizer.stateDict(options as { asArrays?: false }) as OptimWrapperStateDict;
    if (this.baseParamSettings !== null) {
      const { params: _params, ...settings } = this.baseParamSettings;
      state.base_param_settings = copyGroup(settings);
    }
    return state;
  }

  loadStateDict(stateDict: LoadableOptimizerStateDict & { base_param_settings?: Record<string, unknown> }): void {
    const { base_param_settings: base, ...rest } = stateDict;
    if (base != null) this.baseParamSettings = { ...copyGroup(base), params: [] };
    this.optimizer.loadStateDict(rest);
  }

  toString(): string {
    return `Type: ${this.constructor.name}\n_accumulative_counts: ${this.accumulativeCounts}\noptimizer: \n${this.optimizer.constructor.name}`;
  }
}

// Like `Optimizer`: `instanceof OptimWrapper` recognises wrappers made by another build of this package.
brandClass(OptimWrapper, '@eng/optim/OptimWrapper');
