import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { betas, num } from './hyper-params';
import { adamStyleShape } from './option-shapes';
import { type AdamStyleOptions, adamStyleDefaults, resolveOptions, splitArgs } from './options';
import { biasCorrection, ema, signedGrad, withWeightDecay, zerosFor } from './update-math';

export interface AdamaxOptions extends AdamStyleOptions {
  maximize?: boolean;
}

/** PyTorch's `torch.optim.Adamax` (infinity-norm Adam). State: `step`, `exp_avg`, `exp_inf`. */
export class Adamax extends Optimizer<Required<AdamaxOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<AdamaxOptions & { params: ParamsInput }>({
    ...adamStyleShape,
    maximize: z.boolean().optional(),
  });

  constructor(params: ParamsInput | (AdamaxOptions & { params: ParamsInput }), maybeOptions?: AdamaxOptions) {
    const [groups, options] = splitArgs<AdamaxOptions>('Adamax', params, maybeOptions);
    const defaults = {
      ...adamStyleDefaults('Adamax', options, { lr: 2e-3 }),
      ...resolveOptions(options, { maximize: false }),
    };
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, ...zerosFor(param, 'exp_avg', 'exp_inf') };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const wd = num(group, 'weight_decay');
    const step = (state.step as number) + 1;
    const g = withWeightDecay(signedGrad(grad, group), param, wd);
    const expAvg = ema(state.exp_avg as tf.Tensor, g, b1);
    const expInf = tf.maximum(tf.mul(state.exp_inf as tf.Tensor, b2), tf.add(tf.abs(g), num(group, 'eps')));
    const clr = num(group, 'lr') / biasCorrection(b1, step);
    return {
      param: tf.sub(param, tf.mul(tf.div(expAvg, expInf), clr)),
      state: { step, exp_avg: expAvg, exp_inf: expInf },
    };
  }
}
