import { optionsSchema } from '@eng/internal/options';
import { tf } from '@eng/tensor-gpu';
import { Optimizer, type ParamGroup, type ParamsInput, type ParamState } from './base';
import { betas, num } from './hyper-params';
import { adamStyleShape } from './option-shapes';
import { type AdamStyleOptions, adamStyleDefaults, splitArgs } from './options';
import { adamMoments, biasCorrection, withWeightDecay, zerosFor } from './update-math';

export interface RAdamOptions extends AdamStyleOptions {}

/**
 * PyTorch's `torch.optim.RAdam`: Adam with the variance rectification term, plain momentum SGD while the
 * variance estimate is not tractable (rho_t <= 5). State: `step`, `exp_avg`, `exp_avg_sq`.
 */
export class RAdam extends Optimizer<Required<RAdamOptions>> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema = optionsSchema<RAdamOptions & { params: ParamsInput }>({
    ...adamStyleShape,
  });

  constructor(params: ParamsInput | (RAdamOptions & { params: ParamsInput }), maybeOptions?: RAdamOptions) {
    const [groups, options] = splitArgs<RAdamOptions>('RAdam', params, maybeOptions);
    super(groups, adamStyleDefaults('RAdam', options, { lr: 1e-3 }));
  }

  protected initState(param: tf.Variable, _group: ParamGroup): ParamState {
    return { step: 0, ...zerosFor(param, 'exp_avg', 'exp_avg_sq') };
  }

  protected update(param: tf.Variable, grad: tf.Tensor, state: ParamState, group: ParamGroup) {
    const [b1, b2] = betas(group);
    const lr = num(group, 'lr');
    const wd = num(group, 'weight_decay');
    const step = (state.step as number) + 1;
    const g = withWeightDecay(grad, param, wd);
    const { expAvg, expAvgSq } = adamMoments(state, g, [b1, b2]);
    const bc1 = biasCorrection(b1, step);
    const bc2 = biasCorrection(b2, step);
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
