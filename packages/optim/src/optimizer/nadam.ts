import { tf } from '@eng/tensor-gpu';
import {
  betas,
  checkRange,
  num,
  Optimizer,
  type ParamGroup,
  type ParamsInput,
  type ParamState,
  splitArgs,
} from './base';

export interface NAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  momentum_decay?: number;
}

/**
 * PyTorch's `torch.optim.NAdam` with the momentum-decay schedule of Dozat (2016), as PyTorch >= 2.0 computes it.
 * State: `step`, `mu_product`, `exp_avg`, `exp_avg_sq`.
 */
export class NAdam extends Optimizer<Required<NAdamOptions>> {
  constructor(params: ParamsInput | (NAdamOptions & { params: ParamsInput }), maybeOptions?: NAdamOptions) {
    const [groups, options] = splitArgs<NAdamOptions>('NAdam', params, maybeOptions);
    const defaults = {
      lr: options.lr ?? 2e-3,
      betas: [...(options.betas ?? [0.9, 0.999])] as [number, number],
      eps: options.eps ?? 1e-8,
      weight_decay: options.weight_decay ?? 0,
      momentum_decay: options.momentum_decay ?? 4e-3,
    };
    checkRange('NAdam', 'lr', defaults.lr, 0);
    checkRange('NAdam', 'eps', defaults.eps, 0);
    checkRange('NAdam', 'betas[0]', defaults.betas[0], 0, 1);
    checkRange('NAdam', 'betas[1]', defaults.betas[1], 0, 1);
    checkRange('NAdam', 'weight_decay', defaults.weight_decay, 0);
    checkRange('NAdam', 'momentum_decay', defaults.momentum_decay, 0);
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, mu_product: 1, exp_avg: tf.zerosLike(param), exp_avg_sq: tf.zerosLike(param) };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const decay = num(group, 'momentum_decay');
    const step = (state.step as number) + 1;
    const g = wd !== 0 ? tf.add(grad, tf.mul(param, wd)) : grad;
    const mu = b1 * (1 - 0.5 * 0.96 ** (step * decay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((step + 1) * decay));
    const muProduct = (state.mu_product as number) * mu;
    const expAvg = tf.add(tf.mul(state.exp_avg as tf.Tensor, b1), tf.mul(g, 1 - b1));
    const expAvgSq = tf.add(tf.mul(state.exp_avg_sq as tf.Tensor, b2), tf.mul(tf.square(g), 1 - b2));
    const denom = tf.add(tf.sqrt(tf.div(expAvgSq, 1 - b2 ** step)), eps(group));
    const gradTerm = tf.mul(tf.div(g, denom), (lr * (1 - mu)) / (1 - muProduct));
    const avgTerm = tf.mul(tf.div(expAvg, denom), (lr * muNext) / (1 - muProduct * muNext));
    return {
      param: tf.sub(tf.sub(param, gradTerm), avgTerm),
      state: { step, mu_product: muProduct, exp_avg: expAvg, exp_avg_sq: expAvgSq },
    };
  }
}

function eps(group: ParamGroup): number {
  return num(group, 'eps');
}
