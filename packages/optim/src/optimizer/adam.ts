import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { betas, num } from './hyper-params';
import { adamStyleShape } from './option-shapes';
import { type AdamStyleOptions, adamStyleDefaults, resolveOptions, splitArgs } from './options';
import { adamMoments, biasCorrection, signedGrad, zerosFor } from './update-math';

export interface AdamOptions extends AdamStyleOptions {
  amsgrad?: boolean;
  maximize?: boolean;
}

function adamDefaults(cls: string, options: AdamOptions, weightDecay: number) {
  return {
    ...adamStyleDefaults(cls, options, { lr: 1e-3, weight_decay: weightDecay }),
    ...resolveOptions(options, { amsgrad: false, maximize: false }),
  };
}

/**
 * Shared Adam update; `decoupled` switches between Adam's L2 penalty in the gradient and AdamW's
 * decoupled decay of the weights. State: `step`, `exp_avg`, `exp_avg_sq` (+ `max_exp_avg_sq` with amsgrad).
 */
abstract class AdamBase extends Optimizer<Required<AdamOptions> & { lr: number }> {
  protected abstract get decoupled(): boolean;

  protected initState(param: tf.Variable, group: ParamGroup): ParamState {
    const state: ParamState = { step: 0, ...zerosFor(param, 'exp_avg', 'exp_avg_sq') };
    if (group.amsgrad) state.max_exp_avg_sq = tf.zerosLike(param);
    return state;
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const eps = num(group, 'eps');
    const [b1, b2] = betas(group);
    const step = (state.step as number) + 1;
    let g = signedGrad(grad, group);
    let p: tf.Tensor = param;
    if (wd !== 0) {
      if (this.decoupled) p = tf.mul(param, 1 - lr * wd);
      else g = tf.add(g, tf.mul(param, wd));
    }
    const { expAvg, expAvgSq } = adamMoments(state, g, [b1, b2]);
    const bc1 = biasCorrection(b1, step);
    const bc2Sqrt = Math.sqrt(biasCorrection(b2, step));
    const next: ParamState = { step, exp_avg: expAvg, exp_avg_sq: expAvgSq };
    let second = expAvgSq;
    if (group.amsgrad) {
      const previousMax = (state.max_exp_avg_sq as tf.Tensor | undefined) ?? tf.zerosLike(param);
      second = tf.maximum(previousMax, expAvgSq);
      next.max_exp_avg_sq = second;
    }
    // lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps), with the bias corrections folded into the two scalars (one op less)
    const denom = tf.add(tf.sqrt(second), eps * bc2Sqrt);
    return { param: tf.sub(p, tf.mul(tf.div(expAvg, denom), (lr * bc2Sqrt) / bc1)), state: next };
  }
}

/**
 * PyTorch's `torch.optim.Adam` (L2 weight decay added to the gradient; amsgrad; maximize).
 *
 * @example
 * const adam = new Adam(params, { lr: 1e-3, betas: [0.9, 0.999] });
 */
export class Adam extends AdamBase {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<AdamOptions & { params: ParamsInput }>({
    ...adamStyleShape,
    amsgrad: z.boolean().optional(),
    maximize: z.boolean().optional(),
  });

  protected get decoupled(): boolean {
    return false;
  }
  constructor(params: ParamsInput | (AdamOptions & { params: ParamsInput }), maybeOptions?: AdamOptions) {
    const [groups, options] = splitArgs<AdamOptions>('Adam', params, maybeOptions);
    super(groups, adamDefaults('Adam', options, 0));
  }
}

/**
 * PyTorch's `torch.optim.AdamW`: decoupled weight decay (default 0.01), amsgrad, maximize.
 *
 * @example
 * const adamw = new AdamW(params, { lr: 1e-3, weight_decay: 0.05 });
 */
export class AdamW extends AdamBase {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<AdamOptions & { params: ParamsInput }>({
    ...adamStyleShape,
    amsgrad: z.boolean().optional(),
    maximize: z.boolean().optional(),
  });

  protected override get decoupled(): boolean {
    return true;
  }
  constructor(params: ParamsInput | (AdamOptions & { params: ParamsInput }), maybeOptions?: AdamOptions) {
    const [groups, options] = splitArgs<AdamOptions>('AdamW', params, maybeOptions);
    super(groups, adamDefaults('AdamW', options, 0.01));
  }
}
