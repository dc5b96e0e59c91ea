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

export interface AdamaxOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  maximize?: boolean;
}

/** PyTorch's `torch.optim.Adamax` (infinity-norm Adam). State: `step`, `exp_avg`, `exp_inf`. */
export class Adamax extends Optimizer<Required<AdamaxOptions>> {
  constructor(params: ParamsInput | (AdamaxOptions & { params: ParamsInput }), maybeOptions?: AdamaxOptions) {
    const [groups, options] = splitArgs<AdamaxOptions>('Adamax', params, maybeOptions);
    const defaults = {
      lr: options.lr ?? 2e-3,
      betas: [...(options.betas ?? [0.9, 0.999])] as [number, number],
      eps: options.eps ?? 1e-8,
      weight_decay: options.weight_decay ?? 0,
      maximize: options.maximize ?? false,
    };
    checkRange('Adamax', 'lr', defaults.lr, 0);
    checkRange('Adamax', 'eps', defaults.eps, 0);
    checkRange('Adamax', 'betas[0]', defaults.betas[0], 0, 1);
    checkRange('Adamax', 'betas[1]', defaults.betas[1], 0, 1);
    checkRange('Adamax', 'weight_decay', defaults.weight_decay, 0);
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, exp_avg: tf.zerosLike(param), exp_inf: tf.zerosLike(param) };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const wd = num(group, 'weight_decay');
    const step = (state.step as number) + 1;
    let g = group.maximize ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, wd));
    const expAvg = tf.add(tf.mul(state.exp_avg as tf.Tensor, b1), tf.mul(g, 1 - b1));
    const expInf = tf.maximum(tf.mul(state.exp_inf as tf.Tensor, b2), tf.add(tf.abs(g), num(group, 'eps')));
    const clr = num(group, 'lr') / (1 - b1 ** step);
    return {
      param: tf.sub(param, tf.mul(tf.div(expAvg, expInf), clr)),
      state: { step, exp_avg: expAvg, exp_inf: expInf },
    };
  }
}
