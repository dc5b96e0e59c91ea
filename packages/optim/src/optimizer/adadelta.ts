import { tf } from '@eng/tensor-gpu';
import { checkRange, num, Optimizer, type ParamGroup, type ParamsInput, type ParamState, splitArgs } from './base';

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  maximize?: boolean;
}

/** PyTorch's `torch.optim.Adadelta`. State: `step`, `square_avg`, `acc_delta`. */
export class Adadelta extends Optimizer<Required<AdadeltaOptions>> {
  constructor(params: ParamsInput | (AdadeltaOptions & { params: ParamsInput }), maybeOptions?: AdadeltaOptions) {
    const [groups, options] = splitArgs<AdadeltaOptions>('Adadelta', params, maybeOptions);
    const defaults = {
      lr: options.lr ?? 1.0,
      rho: options.rho ?? 0.9,
      eps: options.eps ?? 1e-6,
      weight_decay: options.weight_decay ?? 0,
      maximize: options.maximize ?? false,
    };
    checkRange('Adadelta', 'lr', defaults.lr, 0);
    checkRange('Adadelta', 'rho', defaults.rho, 0, 1.0000001);
    checkRange('Adadelta', 'eps', defaults.eps, 0);
    checkRange('Adadelta', 'weight_decay', defaults.weight_decay, 0);
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, square_avg: tf.zerosLike(param), acc_delta: tf.zerosLike(param) };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const rho = num(group, 'rho');
    const eps = num(group, 'eps');
    const wd = num(group, 'weight_decay');
    let g = group.maximize ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, wd));
    const squareAvg = tf.add(tf.mul(state.square_avg as tf.Tensor, rho), tf.mul(tf.square(g), 1 - rho));
    const std = tf.sqrt(tf.add(squareAvg, eps));
    const delta = tf.mul(tf.div(tf.sqrt(tf.add(state.acc_delta as tf.Tensor, eps)), std), g);
    const accDelta = tf.add(tf.mul(state.acc_delta as tf.Tensor, rho), tf.mul(tf.square(delta), 1 - rho));
    return {
      param: tf.sub(param, tf.mul(delta, num(group, 'lr'))),
      state: { step: (state.step as number) + 1, square_avg: squareAvg, acc_delta: accDelta },
    };
  }
}
