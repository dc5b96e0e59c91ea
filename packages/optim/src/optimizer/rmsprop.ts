import { tf } from '@eng/tensor-gpu';
import { checkRange, num, Optimizer, type ParamGroup, type ParamsInput, type ParamState, splitArgs } from './base';

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
  constructor(params: ParamsInput | (RMSpropOptions & { params: ParamsInput }), maybeOptions?: RMSpropOptions) {
    const [groups, options] = splitArgs<RMSpropOptions>('RMSprop', params, maybeOptions);
    const defaults = {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weight_decay: options.weight_decay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    };
    checkRange('RMSprop', 'lr', defaults.lr, 0);
    checkRange('RMSprop', 'eps', defaults.eps, 0);
    checkRange('RMSprop', 'momentum', defaults.momentum, 0);
    checkRange('RMSprop', 'weight_decay', defaults.weight_decay, 0);
    checkRange('RMSprop', 'alpha', defaults.alpha, 0);
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
    let g = group.maximize ? tf.neg(grad) : grad;
    if (wd !== 0) g = tf.add(g, tf.mul(param, wd));
    const squareAvg = tf.add(tf.mul(state.square_avg as tf.Tensor, alpha), tf.mul(tf.square(g), 1 - alpha));
    const next: ParamState = { step: (state.step as number) + 1, square_avg: squareAvg };
    let avg: tf.Tensor;
    if (group.centered) {
      const previous = (state.grad_avg as tf.Tensor | undefined) ?? tf.zerosLike(param);
      const gradAvg = tf.add(tf.mul(previous, alpha), tf.mul(g, 1 - alpha));
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
