import { MODELS, RegistryError, WEIGHT_INITIALIZERS, withConfigPath, type Registry } from '@eng/registry';
import { describe, expect, it } from 'vitest';
import { Linear } from '../src/layers/linear';
import '../src/register';

const BUILTIN = Symbol.for('@eng/builtin');

function ownNames(registry: Registry<any>): string[] {
  return [...registry.moduleDict]
    .filter(([, m]) => String((m as { [BUILTIN]?: unknown })[BUILTIN] ?? '').startsWith('@eng/model:'))
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

/** The least each class needs to build. */
const MINIMAL: Record<string, () => Record<string, unknown>> = {
  Linear: () => ({ in_features: 4, out_features: 2 }),
  Conv2d: () => ({ in_channels: 1, out_channels: 2, kernel_size: 3 }),
  BatchNorm1d: () => ({ num_features: 4 }),
  BatchNorm2d: () => ({ num_features: 4 }),
  LayerNorm: () => ({ normalized_shape: 4 }),
  GroupNorm: () => ({ num_groups: 2, num_channels: 4 }),
  MaxPool2d: () => ({ kernel_size: 2 }),
  AvgPool2d: () => ({ kernel_size: 2 }),
  AdaptiveAvgPool2d: () => ({ output_size: 1 }),
  Embedding: () => ({ num_embeddings: 10, embedding_dim: 4 }),
  ExponentialMovingAverage: () => ({ model: new Linear({ in_features: 2, out_features: 2 }) }),
  MomentumAnnealingEMA: () => ({ model: new Linear({ in_features: 2, out_features: 2 }) }),
  StochasticWeightAverage: () => ({ model: new Linear({ in_features: 2, out_features: 2 }) }),
  Sequential: () => ({ modules: [] }),
  ModuleList: () => ({ modules: [] }),
  ModuleDict: () => ({ modules: {} }),
  Constant: () => ({ val: 1 }),
  Pretrained: () => ({ checkpoint: 'weights.safetensors' }),
};

describe('every class @eng/model registers checks its options', () => {
  for (const registry of [MODELS, WEIGHT_INITIALIZERS] as Registry<any>[]) {
    for (const name of ownNames(registry)) {
      it(`${registry.name}: ${name}`, () => {
        const cls = registry.get(name) as object;
        expect(Object.hasOwn(cls, 'optionsSchema'), `${name} declares its own optionsSchema`).toBe(true);
        const minimal = MINIMAL[name]?.() ?? {};
        expect(() => registry.build({ type: name, ...minimal })).not.toThrow();
        if (name === 'Identity') return; // PyTorch's nn.Identity takes any arguments
        const error = thrown(() => registry.build({ type: name, ...minimal, bogus_key: 1 } as { type: string }));
        expect(error).toBeInstanceOf(RegistryError);
        expect(error.code).toBe('INVALID_OPTIONS');
        expect(error.message).toContain('  - bogus_key: unknown option.');
      });
    }
  }
  it('finds the classes it walks', () => {
    expect([ownNames(MODELS).length, ownNames(WEIGHT_INITIALIZERS).length]).toEqual([31, 8]);
  });
});

describe("the issue's examples", () => {
  it('names a misspelt model option, its path and the nearest valid key', () => {
    const error = thrown(() => withConfigPath('model', () => MODELS.build({ type: 'MLP', num_clases: 5 })));
    expect(error.configPath).toBe('model');
    expect(error.message).toContain('  - model.num_clases: unknown option. Did you mean "num_classes"?');
  });

  it('names a wrong type and a nested layer inside a Sequential', () => {
    expect(() => MODELS.build({ type: 'Linear', in_features: '4', out_features: 2 })).toThrow(
      '  - in_features: expected a number, got the string "4"',
    );
    const error = thrown(() =>
      withConfigPath('model.head', () =>
        MODELS.build([{ type: 'Linear', in_features: 4, out_features: 2, bais: false }]),
      ),
    );
    expect(error.message).toContain('unknown option. Did you mean "bias"?');
    expect(error.message).toContain('  - model.head[0].bais: unknown option.');
  });

  it('reports an init_cfg typo under init_cfg', async () => {
    const layer = MODELS.build({
      type: 'Linear',
      in_features: 4,
      out_features: 2,
      init_cfg: [
        { type: 'Constant', val: 1 },
        { type: 'Kaiming', layers: 'Linear' },
      ],
    });
    const error = await layer.initWeights().then(
      () => undefined,
      (e: unknown) => e as RegistryError,
    );
    expect(error?.configPath).toBe('init_cfg[1]');
    expect(error?.message).toContain('  - init_cfg[1].layers: unknown option. Did you mean "layer"?');
  });
});
