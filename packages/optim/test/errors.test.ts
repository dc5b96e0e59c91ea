import { EngError } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import {
  DefaultOptimWrapperConstructor,
  OptimizerError,
  OptimWrapper,
  OptimWrapperConstructorError,
  OptimWrapperError,
  SchedulerError,
  SGD,
  StepLR,
} from '../src';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the error classes of @eng/optim', () => {
  const optimizer = () => new SGD([tf.variable(tf.zeros([1]))], { lr: 0.1 });
  const cases = [
    { cls: OptimizerError, code: 'EMPTY_PARAMS', fn: () => new SGD([], { lr: 0.1 }) },
    {
      cls: OptimWrapperError,
      code: 'BAD_ACCUMULATION',
      fn: () => new OptimWrapper({ optimizer: optimizer(), accumulative_counts: 0 }),
    },
    {
      cls: OptimWrapperConstructorError,
      code: 'MISSING_OPTIMIZER',
      fn: () => new DefaultOptimWrapperConstructor({ optim_wrapper_cfg: {} as never }),
    },
    {
      cls: SchedulerError,
      code: 'BAD_RANGE',
      fn: () => new StepLR({ optimizer: optimizer(), step_size: 1, begin: 2, end: 1 }),
    },
  ] as const;

  for (const { cls, code, fn } of cases) {
    it(`${cls.name} is an EngError named after its class, with code ${code}`, () => {
      const error = thrown(fn);
      expect(error).toBeInstanceOf(cls);
      expect(cls.isInstance(error)).toBe(true);
      expect(EngError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ name: cls.name, code });
    });
  }

  it('the classes are distinct: one is never an instance of another', () => {
    const error = thrown(() => new SGD([], { lr: 0.1 }));
    expect(OptimWrapperError.isInstance(error)).toBe(false);
    expect(error).not.toBeInstanceOf(SchedulerError);
  });
});
