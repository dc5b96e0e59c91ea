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

export interface RAdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
}

/**
 * PyTorch's `torch.optim.RAdam`: Adam with the variance rectification term, plain momentum SGD while the
 * variance estimate is not tractable (rho_t <= 5). State: `step`, `exp_avg`, `exp_avg_sq`.
 */
export class RAdam extends Optimizer<Required<RAdamOptions>> {
  constructor(params: ParamsInput | (RAdamOptions & { params: ParamsInput }), maybeOptions?: RAdamOptions) {
    const [groups, options] = splitArgs<RAdamOptions>('RAdam', params, maybeOptions);
    const defaults = {
      lr: options.lr ?? 1e-3,
      betas: [...(options.betas ?? [0.9, 0.999])] as [number, number],
      eps: options.eps ?? 1e-8,
      weight_decay: options.weight_decay ?? 0,
    };
    checkRange('RAdam', 'lr', defaults.lr, 0);
    checkRange('RAdam', 'eps', defaults.eps, 0);
    checkRange('RAdam', 'betas[0]', defaults.betas[0], 0, 1);
    checkRange('RAdam', 'betas[1]', defaults.betas[1], 0, 1);
    checkRange('RAdam', 'weight_decay', defaults.weight_decay, 0);
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, exp_avg: tf.zerosLike(param), exp_avg_sq: tf.zerosLike(param) };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const step = (state.step as number) + 1;
    const g = wd !== 0 ? tf.add(grad, tf.mul(param, wd)) : grad;
    const expAvg = tf.add(tf.mul(state.exp_avg as tf.Tensor, b1), tf.mul(g, 1 - b1));
    const expAvgSq = tf.add(tf.mul(state.exp_avg_sq as tf.Tensor, b2), tf.mul(tf.square(g), 1 - b2));
    const bc1 = 1 - b1 ** step;
    const bc2 = 1 - b2 ** step;
    const corrected = tf.div(expAvg, bc1);
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * step * b2 ** step) / bc2;
    let update: tf.Tensor;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const adaptive = tf.div(Math.sqrt(bc2), tf.add(tf.sqrt(expAvgSq), num(group, 'eps')));
      update = tf.mul(tf.mul(corrected, adaptive), lr * rect);
    } else {
      update = tf.mul(corrected, lr);
    }
    return { param: tf.sub(param, update), state: { step, exp_avg: expAvg, exp_avg_sq: expAvgSq } };
  }
}
