import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { num } from './hyper-params';
import { paramsShape } from './option-shapes';
import { checkOptions, resolveOptions, splitArgs } from './options';
import { ema, signedGrad, withWeightDecay } from './update-math';

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

/**
 * PyTorch's `torch.optim.RMSprop` (centered variant, momentum, L2 weight decay, maximize).
 * State: `step`, `square_avg`, `momentum_buffer` (momentum > 0), `grad_avg` (centered).
 */
export class RMSprop extends Optimizer<Required<RMSpropOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<RMSpropOptions & { params: ParamsInput }>({
    ...paramsShape,
    lr: z.number().optional(),
    alpha: z.number().optional(),
    eps: z.number().optional(),
    weight_decay: z.number().optional(),
    momentum: z.number().optional(),
    centered: z.boolean().optional(),
    maximize: z.boolean().optional(),
  });

  constructor(params: ParamsInput | (RMSpropOptions & { params: ParamsInput }), maybeOptions?: RMSpropOptions) {
    const [groups, options] = splitArgs<RMSpropOptions>('RMSprop', params, maybeOptions);
    const defaults = resolveOptions(options, {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weight_decay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    });
    checkOptions('RMSprop', defaults, { lr: 0, eps: 0, momentum: 0, weight_decay: 0, alpha: 0 });
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, group: ParamGroup): ParamState {
    const state: ParamState = { step: 0, square_avg: tf.zerosLike(param) };
    if (num(group, 'momentum') > 0) state.momentum_buffer = tf.zerosLike(param);
    if (group.centered) state.grad_avg = tf.zerosLike(param);
    return state;
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const lr = num(group, 'lr');
    const alpha = num(group, 'alpha');
    const eps = num(group, 'eps');
    const wd = num(group, 'weight_decay');
    const momentum = num(group, 'momentum');
    const g = withWeightDecay(signedGrad(grad, group), param, wd);
    const squareAvg = ema(state.square_avg as tf.Tensor, tf.square(g), alpha);
    const next: ParamState = { step: (state.step as number) + 1, square_avg: squareAvg };
    let avg: tf.Tensor;
    if (group.centered) {
      const previous = (state.grad_avg as tf.Tensor | undefined) ?? tf.zerosLike(param);
      const gradAvg = ema(previous, g, alpha);
      next.grad_avg = gradAvg;
      avg = tf.add(tf.sqrt(tf.sub(squareAvg, tf.square(gradAvg))), eps);
    } else {
      avg = tf.add(tf.sqrt(squareAvg), eps);
    }
    if (momentum > 0) {
      const previous = (state.momentum_buffer as tf.Tensor | undefined) ?? tf.zerosLike(param);
      const buf = tf.add(tf.mul(previous, momentum), tf.div(g, avg));
      next.momentum_buffer = buf;
      return { param: tf.sub(param, tf.mul(buf, lr)), state: next };
    }
    return { param: tf.sub(param, tf.mul(tf.div(g, avg), lr)), state: next };
  }
}
