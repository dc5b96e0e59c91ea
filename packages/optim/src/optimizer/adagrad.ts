import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { z } from 'zod';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { num } from './hyper-params';
import { paramsShape } from './option-shapes';
import { checkOptions, resolveOptions, splitArgs } from './options';
import { signedGrad, withWeightDecay } from './update-math';

export interface AdagradOptions {
  lr?: number;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  maximize?: boolean;
}

/** PyTorch's `torch.optim.Adagrad` (lr_decay, initial_accumulator_value, L2 weight decay). State: `step`, `sum`. */
export class Adagrad extends Optimizer<Required<AdagradOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<AdagradOptions & { params: ParamsInput }>({
    ...paramsShape,
    lr: z.number().optional(),
    lr_decay: z.number().optional(),
    weight_decay: z.number().optional(),
    initial_accumulator_value: z.number().optional(),
    eps: z.number().optional(),
    maximize: z.boolean().optional(),
  });

  constructor(params: ParamsInput | (AdagradOptions & { params: ParamsInput }), maybeOptions?: AdagradOptions) {
    const [groups, options] = splitArgs<AdagradOptions>('Adagrad', params, maybeOptions);
    const defaults = resolveOptions(options, {
      lr: 1e-2,
      lr_decay: 0,
      weight_decay: 0,
      initial_accumulator_value: 0,
      eps: 1e-10,
      maximize: false,
    });
    checkOptions('Adagrad', defaults, { lr: 0, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 0 });
    super(groups, defaults);
    // PyTorch fills the accumulator at construction time, so it is part of the state before the first step.
    for (const group of this.paramGroups) {
      for (const p of group.params)
        this.state.set(p, tf.tidy(() => this.initState(p, group) as tf.TensorContainer) as ParamState);
      for (const p of group.params) tf.keep(this.state.get(p)?.sum as tf.Tensor);
    }
  }

  protected initState(param: tf.Variable, group: ParamGroup): ParamState {
    return { step: 0, sum: tf.fill(param.shape, num(group, 'initial_accumulator_value')) };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const step = (state.step as number) + 1;
    const g = withWeightDecay(signedGrad(grad, group), param, wd);
    const clr = lr / (1 + (step - 1) * num(group, 'lr_decay'));
    const sum = tf.add(state.sum as tf.Tensor, tf.square(g));
    const std = tf.add(tf.sqrt(sum), num(group, 'eps'));
    return { param: tf.sub(param, tf.mul(tf.div(g, std), clr)), state: { step, sum } };
  }
}
