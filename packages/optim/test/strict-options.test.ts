import { toyModel } from '@eng/model/test';
import {
  OPTIM_WRAPPER_CONSTRUCTORS,
  OPTIM_WRAPPERS,
  OPTIMIZERS,
  PARAM_SCHEDULERS,
  type Registry,
  RegistryError,
  withConfigPath,
} from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { buildOptimWrapper } from '../src/optim-wrapper/build';
import { SGD } from '../src/optimizer/sgd';
import '../src/register';

const BUILTIN = Symbol.for('@eng/builtin');

/** The names this package registered in `registry` (marked by registerBuiltins). */
function ownNames(registry: Registry<any>): string[] {
  return [...registry.moduleDict]
    .filter(([, m]) => String((m as { [BUILTIN]?: unknown })[BUILTIN] ?? '').startsWith('@eng/optim:'))
    .map(([name]) => name);
}

function thrown(fn: () => unknown): RegistryError {
  try {
    fn();
  } catch (error) {
    return error as RegistryError;
  }
  throw new Error('expected a throw');
}

const params = () => [tf.variable(tf.ones([2]))];
const sgd = () => new SGD(params(), { lr: 0.1, momentum: 0.9 });

/** The least each class needs to build. */
function minimal(registry: Registry<any>, name: string): Record<string, unknown> {
  if (registry === OPTIMIZERS) return { params: params(), lr: 0.1 };
  if (registry === OPTIM_WRAPPER_CONSTRUCTORS) {
    return { optim_wrapper_cfg: { type: 'OptimWrapper', optimizer: { type: 'SGD', lr: 0.1 } } };
  }
  if (registry === OPTIM_WRAPPERS) return { optimizer: sgd() };
  const own: Record<string, Record<string, unknown>> = {
    Exponential: { gamma: 0.9 },
    MultiStep: { milestones: [1, 2] },
    Step: { step_size: 1 },
    CosineRestart: { periods: [2, 2], restart_weights: [1, 1], eta_min: 0 },
  };
  const family = Object.keys(own).find((f) => name.startsWith(f));
  const generic = name.endsWith('ParamScheduler') ? { param_name: 'lr' } : {};
  return { optimizer: sgd(), ...generic, ...(family ? own[family] : {}) };
}

const registries = [OPTIMIZERS, OPTIM_WRAPPERS, OPTIM_WRAPPER_CONSTRUCTORS, PARAM_SCHEDULERS] as Registry<any>[];

describe('every class @eng/optim registers checks its options', () => {
  for (const registry of registries) {
    for (const name of ownNames(registry)) {
      it(`${registry.name}: ${name}`, () => {
        const cls = registry.get(name) as object;
        expect(Object.hasOwn(cls, 'optionsSchema'), `${name} declares its own optionsSchema`).toBe(true);
        if (name === 'OptimWrapperDict') return; // its options are wrapper names, any names
        const error = thrown(() =>
          registry.build({ type: name, ...minimal(registry, name), bogus_key: 1 } as { type: string }),
        );
        expect(error).toBeInstanceOf(RegistryError);
        expect(error.code).toBe('INVALID_OPTIONS');
        expect(error.message).toContain('  - bogus_key: unknown option.');
        if (name === 'AmpOptimWrapper') return; // explains that eng has no mixed precision
        expect(() => registry.build({ type: name, ...minimal(registry, name) })).not.toThrow();
      });
    }
  }
  it('finds the classes it walks', () => {
    expect(registries.map((r) => ownNames(r).length)).toEqual([9, 3, 1, 29]);
  });
});

describe("the issue's examples", () => {
  const optimWrapper = (optimizer: object) =>
    thrown(() => withConfigPath('optim_wrapper', () => buildOptimWrapper(toyModel(), { optimizer })));

  it('names the key, its full config path and the nearest valid key', () => {
    const error = optimWrapper({ type: 'SGD', lr: 0.1, momentun: 0.9 });
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.configPath).toBe('optim_wrapper.optimizer');
    expect(error.message).toBe(
      'Invalid options for "SGD" in the "optimizer" registry (scope "eng") at config path "optim_wrapper.optimizer":\n' +
        '  - optim_wrapper.optimizer.momentun: unknown option. Did you mean "momentum"? ' +
        'Valid options: dampening, lr, maximize, momentum, nesterov, params, weight_decay.',
    );
  });

  it('says what a key expected', () => {
    expect(optimWrapper({ type: 'SGD', lr: '0.1' }).message).toContain(
      '  - optim_wrapper.optimizer.lr: expected a number, got the string "0.1"',
    );
  });

  it('checks paramwise_cfg and clip_grad keys', () => {
    const paramwise = thrown(() =>
      withConfigPath('optim_wrapper', () =>
        buildOptimWrapper(toyModel(), {
          optimizer: { type: 'SGD', lr: 0.1, weight_decay: 1e-4 },
          paramwise_cfg: { bias_lr_mul: 2 },
        }),
      ),
    );
    expect(paramwise.message).toContain(
      '  - optim_wrapper.paramwise_cfg.bias_lr_mul: unknown option. Did you mean "bias_lr_mult", "bias_decay_mult"?',
    );
    const clip = thrown(() =>
      buildOptimWrapper(toyModel(), { optimizer: { type: 'SGD', lr: 0.1 }, clip_grad: { max_nrm: 1 } }),
    );
    expect(clip.message).toContain('  - clip_grad.max_nrm: unknown option. Did you mean "max_norm"?');
  });

  it('checks a scheduler converted to iteration-based too', () => {
    const error = thrown(() =>
      PARAM_SCHEDULERS.build(
        { type: 'MultiStepLR', milestones: [1], gama: 0.5, convert_to_iter_based: true },
        { optimizer: sgd(), epoch_length: 10 },
      ),
    );
    expect(error.message).toContain('  - gama: unknown option. Did you mean "gamma"?');
  });
});
