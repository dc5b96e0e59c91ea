import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { num } from './hyper-params';
import { paramsShape } from './option-shapes';
import { checkOptions, resolveOptions, splitArgs } from './options';
import { ema, signedGrad, withWeightDecay, zerosFor } from './update-math';

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  maximize?: boolean;
}

/** PyTorch's `torch.optim.Adadelta`. State: `step`, `square_avg`, `acc_delta`. */
export class Adadelta extends Optimizer<Required<AdadeltaOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<AdadeltaOptions & { params: ParamsInput }>({
    ...paramsShape,
    lr: z.number().optional(),
    rho: z.number().optional(),
    eps: z.number().optional(),
    weight_decay: z.number().optional(),
    maximize: z.boolean().optional(),
  });

  constructor(params: ParamsInput | (AdadeltaOptions & { params: ParamsInput }), maybeOptions?: AdadeltaOptions) {
    const [groups, options] = splitArgs<AdadeltaOptions>('Adadelta', params, maybeOptions);
    const defaults = resolveOptions(options, { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false });
    checkOptions('Adadelta', defaults, { lr: 0, rho: [0, 1.0000001], eps: 0, weight_decay: 0 });
    super(groups, defaults);
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, ...zerosFor(param, 'square_avg', 'acc_delta') };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const rho = num(group, 'rho');
    const eps = num(group, 'eps');
    const wd = num(group, 'weight_decay');
    const g = withWeightDecay(signedGrad(grad, group), param, wd);
    const squareAvg = ema(state.square_avg as tf.Tensor, tf.square(g), rho);
    const std = tf.sqrt(tf.add(squareAvg, eps));
    const delta = tf.mul(tf.div(tf.sqrt(tf.add(state.acc_delta as tf.Tensor, eps)), std), g);
    const accDelta = ema(state.acc_delta as tf.Tensor, tf.square(delta), rho);
    return {
      param: tf.sub(param, tf.mul(delta, num(group, 'lr'))),
      state: { step: (state.step as number) + 1, square_avg: squareAvg, acc_delta: accDelta },
    };
  }
}
