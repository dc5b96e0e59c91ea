import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { OptimizerError } from '../errors';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { num } from './hyper-params';
import { paramsShape } from './option-shapes';
import { checkOptions, resolveOptions, splitArgs } from './options';
import { signedGrad, withWeightDecay } from './update-math';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

/**
 * PyTorch's `torch.optim.SGD`: momentum with dampening, Nesterov, L2 weight decay, maximize.
 * State per parameter: `momentum_buffer`, `null` (PyTorch's `None`) when momentum is 0.
 *
 * @example
 * const sgd = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9, weight_decay: 1e-4 });
 */
export class SGD extends Optimizer<Required<SGDOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<SGDOptions & { params: ParamsInput }>({
    ...paramsShape,
    lr: z.number(),
    momentum: z.number().optional(),
    dampening: z.number().optional(),
    weight_decay: z.number().optional(),
    nesterov: z.boolean().optional(),
    maximize: z.boolean().optional(),
  });

  constructor(params: ParamsInput | (SGDOptions & { params: ParamsInput }), maybeOptions?: SGDOptions) {
    const [groups, options] = splitArgs<SGDOptions>('SGD', params, maybeOptions);
    const defaults = {
      lr: options.lr,
      ...resolveOptions(options, { momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false }),
    };
    if (typeof defaults.lr !== 'number') throw new OptimizerError('MISSING_LR', 'SGD: lr is required');
    checkOptions('SGD', defaults, { lr: 0, momentum: 0, weight_decay: 0 });
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      throw new OptimizerError('BAD_HYPERPARAM', 'SGD: Nesterov momentum requires a momentum and zero dampening');
    }
    super(groups, defaults);
  }

  protected initState(): ParamState {
    return {};
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const lr = num(group, 'lr');
    const momentum = num(group, 'momentum');
    const dampening = num(group, 'dampening');
    const wd = num(group, 'weight_decay');
    let d = withWeightDecay(signedGrad(grad, group), param, wd);
    // Without momentum PyTorch (1.13, the reference) still records `momentum_buffer: None` for each stepped parameter.
    const next: ParamState = { momentum_buffer: null };
    if (momentum !== 0) {
      const buf = state.momentum_buffer as tf.Tensor | null | undefined;
      let newBuf: tf.Tensor;
      if (buf == null) newBuf = tf.clone(d);
      else newBuf = tf.add(tf.mul(buf, momentum), dampening === 0 ? d : tf.mul(d, 1 - dampening));
      next.momentum_buffer = newBuf;
      d = group.nesterov ? tf.add(d, tf.mul(newBuf, momentum)) : newBuf;
    }
    return { param: tf.sub(param, tf.mul(d, lr)), state: next };
  }
}
