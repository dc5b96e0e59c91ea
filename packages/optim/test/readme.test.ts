// The README's example, run as written (with a tiny model standing in for `model`).
import { PARAM_SCHEDULERS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { expect, it } from 'vitest';
import { buildOptimWrapper, OptimWrapper, type ParamScheduler, SGD } from '../src';
import { toyModel } from './helpers';

it('README example', () => {
  const w = tf.variable(tf.randomNormal([4, 1], 0, 1, 'float32', 3));
  const b = tf.variable(tf.zeros([1]));
  const optimWrapper = new OptimWrapper({
    optimizer: new SGD([w, b], { lr: 0.01, momentum: 0.9, weight_decay: 1e-4 }),
    accumulative_counts: 2,
    clip_grad: { max_norm: 1 },
  });
  const x = tf.randomNormal([8, 4], 0, 1, 'float32', 4);
  const y = tf.ones([8, 1]);
  const scheduler = PARAM_SCHEDULERS.build(
    { type: 'CosineAnnealingLR', T_max: 10, by_epoch: false },
    { optimizer: optimWrapper },
  ) as ParamScheduler;
  const losses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const loss = optimWrapper.updateParams(
      () => tf.losses.meanSquaredError(y, tf.add(tf.matMul(x, w), b)) as tf.Scalar,
    );
    losses.push(loss.dataSync()[0] as number);
    loss.dispose();
    scheduler.step();
  }
  expect(losses.at(-1)).toBeLessThan(losses[0] as number);
  expect(optimWrapper.getLr().lr[0]).toBeCloseTo(0, 10);

  const wrapper = buildOptimWrapper(toyModel(), {
    optimizer: { type: 'AdamW', lr: 1e-3, weight_decay: 0.05 },
    paramwise_cfg: { norm_decay_mult: 0, custom_keys: { backbone: { lr_mult: 0.1 } } },
  });
  expect(wrapper.getLr().base_lr).toEqual([1e-3]);
});
