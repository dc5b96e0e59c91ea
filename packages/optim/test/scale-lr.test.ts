import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { SGD } from '../src/optimizer/sgd';
import { autoScaleLr } from '../src/optim-wrapper/scale-lr';
import { OptimWrapper } from '../src/optim-wrapper/optim-wrapper';
import { OptimWrapperDict } from '../src/optim-wrapper/optim-wrapper-dict';

const wrapper = (lr: number) =>
  new OptimWrapper({
    optimizer: new SGD(
      [{ params: [tf.variable(tf.zeros([1]))] }, { params: [tf.variable(tf.zeros([1]))], lr: lr / 10 }],
      { lr },
    ),
  });

describe('auto_scale_lr', () => {
  it('scales every group by real batch size / base_batch_size', () => {
    const w = wrapper(0.1);
    expect(autoScaleLr(w, { enable: true, base_batch_size: 16 }, { realBatchSize: 64 })).toBe(4);
    expect(w.getLr()).toEqual({ base_lr: [0.4], lr: [0.4, 0.04] });
  });

  it('does nothing when disabled, and scales every wrapper of an OptimWrapperDict', () => {
    const w = wrapper(0.1);
    expect(autoScaleLr(w, { enable: false, base_batch_size: 16 }, { realBatchSize: 64 })).toBeUndefined();
    expect(autoScaleLr(w, null, { realBatchSize: 64 })).toBeUndefined();
    const dict = new OptimWrapperDict({ gen: wrapper(0.2), disc: wrapper(0.1) });
    autoScaleLr(dict, { enable: true, base_batch_size: 8 }, { realBatchSize: 4 });
    expect(dict.getLr()['gen.lr']).toEqual([0.1, 0.01]);
    expect(dict.getLr()['gen.base_lr']).toEqual([0.1]);
    expect(dict.getLr()['disc.lr']).toEqual([0.05, 0.005]);
  });

  it('needs base_batch_size and refuses once schedulers recorded their initial lr', () => {
    expect(() => autoScaleLr(wrapper(0.1), { enable: true }, { realBatchSize: 4 })).toThrow(/base_batch_size/);
    expect(() =>
      autoScaleLr(wrapper(0.1), { enable: true, base_batch_size: 2 }, { realBatchSize: 4, schedulersBuilt: true }),
    ).toThrow(/before building ParamScheduler/);
  });
});
