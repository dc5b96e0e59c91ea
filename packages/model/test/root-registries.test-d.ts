import { MODELS, WEIGHT_INITIALIZERS } from '@eng/registry';
import { describe, expectTypeOf, it } from 'vitest';
import type { BaseInit, BaseModule, PretrainedInit, ResNet, Sequential, WeightInitializer } from '../src';

describe('MODELS builds modules', () => {
  it('a config builds a BaseModule without a cast', () => {
    const net = MODELS.build({ type: 'Linear', in_features: 4, out_features: 2 });
    expectTypeOf(net).toEqualTypeOf<BaseModule>();
    expectTypeOf(net.stateDict).toBeFunction();
  });

  it('a list of configs builds a BaseModule (a Sequential at run time)', () => {
    const configs = [{ type: 'Flatten' }, { type: 'Linear', in_features: 784, out_features: 10 }];
    expectTypeOf(MODELS.build(configs)).toEqualTypeOf<BaseModule>();
    expectTypeOf(MODELS.build<Sequential>(configs)).toEqualTypeOf<Sequential>();
  });

  it('naming the class gives that class', () => {
    expectTypeOf(MODELS.build<ResNet>({ type: 'ResNet', depth: 18 })).toEqualTypeOf<ResNet>();
  });
});

describe('WEIGHT_INITIALIZERS builds initializers', () => {
  it('a config builds a WeightInitializer, which BaseInit and PretrainedInit both are', () => {
    const init = WEIGHT_INITIALIZERS.build({ type: 'Constant', val: 1 });
    expectTypeOf(init).toEqualTypeOf<WeightInitializer>();
    expectTypeOf(init.call).parameter(0).toEqualTypeOf<BaseModule>();
    expectTypeOf<BaseInit>().toExtend<WeightInitializer>();
    expectTypeOf<PretrainedInit>().toExtend<WeightInitializer>();
  });
});
