import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { betas, num } from './hyper-params';
import { adamStyleShape } from './option-shapes';
import { type AdamStyleOptions, adamStyleDefaults, checkRange, resolveOptions, splitArgs } from './options';
import { adamMoments, biasCorrection, withWeightDecay, zerosFor } from './update-math';

export interface NAdamOptions extends AdamStyleOptions {
  momentum_decay?: number;
}

/**
 * PyTorch's `torch.optim.NAdam` with the momentum-decay schedule of Dozat (2016), as PyTorch >= 2.0 computes it.
 * State: `step`, `mu_product`, `exp_avg`, `exp_avg_sq`.
 */
export class NAdam extends Optimizer<Required<NAdamOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<NAdamOptions & { params: ParamsInput }>({
    ...adamStyleShape,
    momentum_decay: z.number().optional(),
  });

  constructor(params: ParamsInput | (NAdamOptions & { params: ParamsInput }), maybeOptions?: NAdamOptions) {
    const [groups, options] = splitArgs<NAdamOptions>('NAdam', params, maybeOptions);
    const defaults = {
      ...adamStyleDefaults('NAdam', options, { lr: 2e-3 }),
      ...resolveOptions(options, { momentum_decay: 4e-3 }),
    };
    checkRange('NAdam', 'momentum_decay', defaults.momentum_decay, 0);
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, mu_product: 1, ...zerosFor(param, 'exp_avg', 'exp_avg_sq') };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const decay = num(group, 'momentum_decay');
    const step = (state.step as number) + 1;
    const g = withWeightDecay(grad, param, wd);
    const mu = b1 * (1 - 0.5 * 0.96 ** (step * decay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((step + 1) * decay));
    const muProduct = (state.mu_product as number) * mu;
    const { expAvg, expAvgSq } = adamMoments(state, g, [b1, b2]);
    const denom = tf.add(tf.sqrt(tf.div(expAvgSq, biasCorrection(b2, step))), num(group, 'eps'));
    const gradTerm = tf.mul(tf.div(g, denom), (lr * (1 - mu)) / (1 - muProduct));
    const avgTerm = tf.mul(tf.div(expAvg, denom), (lr * muNext) / (1 - muProduct * muNext));
    return {
      param: tf.sub(tf.sub(param, gradTerm), avgTerm),
      state: { step, mu_product: muProduct, exp_avg: expAvg, exp_avg_sq: expAvgSq },
    };
  }
}
