import { printLog } from '@eng/logging';
import { captureLog } from '@eng/logging/test';
import { TestModule, toyModel } from '@eng/model/test';
import { OPTIM_WRAPPER_CONSTRUCTORS } from '@eng/registry';
import { tf } from '@eng/tensor-gpu';
import { describe, expect, it } from 'vitest';
import { buildOptimWrapper } from '../src/optim-wrapper/build';
import { OptimWrapper } from '../src/optim-wrapper/optim-wrapper';
import { SGD } from '../src/optimizer/sgd';
import '../src/register';
import {
  DefaultOptimWrapperConstructor,
  type ParamGroupSpec,
  type ParamModule,
  type ParamwiseCfg,
} from '../src/constructor/default-constructor';
import { effective } from './helpers';

const pick = (groups: Record<string, Record<string, unknown>>, keys = ['lr', 'weight_decay']) =>
  Object.fromEntries(Object.entries(groups).map(([n, g]) => [n, Object.fromEntries(keys.map((k) => [k, g[k]]))]));

describe('buildOptimWrapper', () => {
  it('builds an OptimWrapper over every parameter without paramwise_cfg', () => {
    const model = toyModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, momentum: 0.9, weight_decay: 0.0001 },
    });
    expect(wrapper).toBeInstanceOf(OptimWrapper);
    expect(wrapper.optimizer).toBeInstanceOf(SGD);
    expect(wrapper.paramGroups).toHaveLength(1);
    expect(wrapper.optimizer.params()).toHaveLength(8);
    expect(wrapper.getLr()).toEqual({ lr: [0.01] });
  });

  it('passes accumulative_counts and clip_grad to the wrapper, and a custom constructor by name', () => {
    const wrapper = buildOptimWrapper(toyModel(), {
      type: 'OptimWrapper',
      optimizer: { type: 'SGD', lr: 0.01 },
      accumulative_counts: 2,
      clip_grad: { max_norm: 1 },
    });
    expect(wrapper.clipGradKwargs).toEqual({ max_norm: 1 });
    expect(() =>
      buildOptimWrapper(toyModel(), { optimizer: { type: 'SGD', lr: 0.1 }, constructor: 'NoSuchConstructor' }),
    ).toThrow(/NoSuchConstructor/);
    expect(() => buildOptimWrapper(toyModel(), { optimizer: { type: 'SDG', lr: 0.1 } })).toThrow(/SDG/);
  });
});

describe('paramwise_cfg: different hyper-parameters for different types of parameters (manual 12.2.1)', () => {
  it('norm_decay_mult=0 sets the weight decay of head.bn to 0 and keeps the rest', () => {
    const log = captureLog();
    const model = toyModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: { norm_decay_mult: 0 },
    });
    const groups = pick(effective(model, wrapper.optimizer.paramGroups));
    for (const name of ['backbone.layer0', 'backbone.layer1', 'head.linear']) {
      expect(groups[`${name}.weight`]).toEqual({ lr: 0.01, weight_decay: 0.0001 });
      expect(groups[`${name}.bias`]).toEqual({ lr: 0.01, weight_decay: 0.0001 });
    }
    expect(groups['head.bn.weight']).toEqual({ lr: 0.01, weight_decay: 0 });
    expect(groups['head.bn.bias']).toEqual({ lr: 0.01, weight_decay: 0 });
    expect(log.some((l) => l.includes('paramwise_options -- head.bn.weight:weight_decay=0'))).toBe(true);
  });

  // MMEngine's own test model: the rules apply in order norm > bias > dwconv > flat for the decay.
  function exampleModel(): TestModule {
    const dwconv = new TestModule().param('weight', [2, 1, 1, 1]).param('bias', [2]);
    dwconv.isDepthwiseConv = true;
    return new TestModule()
      .param('param1', [1, 2, 1, 1])
      .param('scale', [3])
      .child('conv1', new TestModule().param('weight', [4, 3, 1, 1]))
      .child('conv2', new TestModule().param('weight', [2, 4, 1, 1]).param('bias', [2]))
      .child('bn', TestModule.norm())
      .child(
        'sub',
        new TestModule()
          .param('param1', [1, 2, 1, 1])
          .child('gn', TestModule.norm())
          .child('conv1', dwconv)
          .child('fc', new TestModule().param('weight', [1, 2]).param('bias', [1])),
      );
  }

  it('bias_lr_mult, bias_decay_mult, norm_decay_mult, dwconv_decay_mult and flat_decay_mult', () => {
    const model = exampleModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001, momentum: 0.9 },
      paramwise_cfg: {
        bias_lr_mult: 2,
        bias_decay_mult: 0.5,
        norm_decay_mult: 0,
        dwconv_decay_mult: 0.1,
        flat_decay_mult: 0.3,
      },
    });
    const g = pick(effective(model, wrapper.optimizer.paramGroups));
    const base = { lr: 0.01, weight_decay: 0.0001 };
    expect(g).toEqual({
      param1: base,
      scale: { lr: 0.01, weight_decay: expect.closeTo(0.00003, 12) },
      'conv1.weight': base,
      'conv2.weight': base,
      'conv2.bias': { lr: 0.02, weight_decay: 0.00005 },
      'bn.weight': { lr: 0.01, weight_decay: 0 },
      'bn.bias': { lr: 0.01, weight_decay: 0 },
      'sub.param1': base,
      'sub.gn.weight': { lr: 0.01, weight_decay: 0 },
      'sub.gn.bias': { lr: 0.01, weight_decay: 0 },
      'sub.conv1.weight': { lr: 0.01, weight_decay: expect.closeTo(0.00001, 12) },
      'sub.conv1.bias': { lr: 0.02, weight_decay: 0.00005 },
      'sub.fc.weight': base,
      'sub.fc.bias': { lr: 0.02, weight_decay: 0.00005 },
    });
    expect(wrapper.optimizer.paramGroups).toHaveLength(14);
    expect(wrapper.optimizer.paramGroups.every((group) => group.momentum === 0.9)).toBe(true);
  });

  it('decay multipliers need a base weight_decay', () => {
    const build = (paramwise_cfg: ParamwiseCfg) =>
      new DefaultOptimWrapperConstructor({
        optim_wrapper_cfg: { optimizer: { type: 'SGD', lr: 0.01 } },
        paramwise_cfg,
      });
    expect(() => build({ norm_decay_mult: 0 })).toThrow(/base_wd should not be None/);
    expect(() => build({ custom_keys: { head: { decay_mult: 0 } } })).toThrow(/custom_keys\['head'\]/);
    expect(() => build({ custom_keys: [] as never })).toThrow(TypeError);
    expect(() => build({ bias_lr_mult: 2 })).not.toThrow();
    expect(() => new DefaultOptimWrapperConstructor({ optim_wrapper_cfg: {} as never })).toThrow(
      /must contain "optimizer"/,
    );
  });

  it('leaves frozen parameters out (MMEngine >= 0.10.4) and, with bypass_duplicate, skips shared ones', () => {
    const shared = TestModule.linear();
    const model = new TestModule()
      .child('a', shared)
      .child('b', shared)
      .child('frozen', new TestModule().param('weight', [2], false));
    // a module reached twice through namedChildren: without bypass_duplicate PyTorch's optimizer refuses it
    expect(() =>
      buildOptimWrapper(model, {
        optimizer: { type: 'SGD', lr: 0.01, weight_decay: 1e-4 },
        paramwise_cfg: { bias_decay_mult: 0 },
      }),
    ).toThrow(/more than one parameter group/);
    const log = captureLog();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 1e-4 },
      paramwise_cfg: { bias_decay_mult: 0, bypass_duplicate: true },
    });
    // a.weight, a.bias (bias_decay_mult); frozen.weight is in no group, with a warning naming it
    expect(wrapper.optimizer.paramGroups.map((g) => [g.params.length, g.weight_decay])).toEqual([
      [1, 1e-4],
      [1, 0],
    ]);
    const frozen = (model.children.get('frozen') as TestModule).params.get('weight') as tf.Variable;
    expect(wrapper.optimizer.params()).not.toContain(frozen);
    expect(
      log.filter((line) => line.includes('requires_grad')).map((line) => line.replace(/^.* - WARNING - /, '')),
    ).toEqual(['frozen.weight is skipped since its requires_grad=False']);
  });

  it('keeps frozen parameters without paramwise_cfg (all of model.parameters(), as in MMEngine)', () => {
    const model = new TestModule()
      .child('a', TestModule.linear())
      .child('frozen', new TestModule().param('weight', [2], false));
    const wrapper = buildOptimWrapper(model, { optimizer: { type: 'SGD', lr: 0.01 } });
    const frozen = (model.children.get('frozen') as TestModule).params.get('weight') as tf.Variable;
    expect(wrapper.optimizer.params()).toContain(frozen);
  });
});

describe('paramwise_cfg: custom_keys for different modules (manual 12.2.2)', () => {
  it('reproduces the manual example', () => {
    const log = captureLog();
    const model = toyModel();
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: {
        custom_keys: {
          'backbone.layer0': { lr_mult: 0, decay_mult: 0 },
          backbone: { lr_mult: 1 },
          head: { lr_mult: 0.1 },
        },
      },
    });
    const g = effective(model, wrapper.optimizer.paramGroups);
    expect(pick(g, ['lr', 'weight_decay', 'lr_mult', 'decay_mult'])).toEqual({
      'backbone.layer0.weight': { lr: 0, weight_decay: 0, lr_mult: 0, decay_mult: 0 },
      'backbone.layer0.bias': { lr: 0, weight_decay: 0, lr_mult: 0, decay_mult: 0 },
      'backbone.layer1.weight': { lr: 0.01, weight_decay: 0.0001, lr_mult: 1, decay_mult: undefined },
      'backbone.layer1.bias': { lr: 0.01, weight_decay: 0.0001, lr_mult: 1, decay_mult: undefined },
      'head.linear.weight': { lr: 0.001, weight_decay: 0.0001, lr_mult: 0.1, decay_mult: undefined },
      'head.linear.bias': { lr: 0.001, weight_decay: 0.0001, lr_mult: 0.1, decay_mult: undefined },
      'head.bn.weight': { lr: 0.001, weight_decay: 0.0001, lr_mult: 0.1, decay_mult: undefined },
      'head.bn.bias': { lr: 0.001, weight_decay: 0.0001, lr_mult: 0.1, decay_mult: undefined },
    });
    for (const line of [
      'backbone.layer0.weight:lr=0',
      'backbone.layer0.bias:decay_mult=0',
      'head.bn.bias:lr_mult=0.1',
      'backbone.layer1.weight:weight_decay=0.0001',
    ]) {
      expect(
        log.some((l) => l.includes(`paramwise_options -- ${line}`)),
        line,
      ).toBe(true);
    }
  });

  it('tries the longest key first, ties alphabetically, and custom keys override the type rules', () => {
    const model = new TestModule()
      .param('param1', [2, 2])
      .child(
        'sub',
        new TestModule().param('param1', [2, 2]).child('gn', TestModule.norm()).child('conv1', TestModule.linear()),
      );
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: {
        norm_decay_mult: 0.5,
        custom_keys: {
          sub: { lr_mult: 0.1, decay_mult: 0 },
          'sub.gn': { lr_mult: 0.01 },
          param1: { lr_mult: 10 },
          non_exist_key: { lr_mult: 0 },
        },
      },
    });
    expect(pick(effective(model, wrapper.optimizer.paramGroups))).toEqual({
      param1: { lr: 0.1, weight_decay: 0.0001 },
      'sub.param1': { lr: 0.1, weight_decay: 0.0001 },
      'sub.gn.weight': { lr: 0.0001, weight_decay: 0.0001 },
      'sub.gn.bias': { lr: 0.0001, weight_decay: 0.0001 },
      'sub.conv1.weight': { lr: expect.closeTo(0.001, 12), weight_decay: 0 },
      'sub.conv1.bias': { lr: expect.closeTo(0.001, 12), weight_decay: 0 },
    });
  });
});

describe('custom optimizer wrapper constructors (manual 12.2.3)', () => {
  it("runs the manual's LayerDecayOptimWrapperConstructor (only addParams overridden)", () => {
    class LayerDecayOptimWrapperConstructor extends DefaultOptimWrapperConstructor {
      readonly decayFactor: number;
      constructor(options: ConstructorParameters<typeof DefaultOptimWrapperConstructor>[0]) {
        super(options);
        this.decayFactor = (options.paramwise_cfg?.decay_factor as number | undefined) ?? 0.5;
      }
      // the default build() calls addParams because paramwise_cfg is set, exactly as in MMEngine
      override addParams(params: ParamGroupSpec[], module: ParamModule, prefix = '', lr?: unknown): void {
        const groupLr = typeof lr === 'number' ? lr : (this.baseLr as number);
        for (const [name, param] of module.namedParameters('', false)) {
          params.push({ params: [param], lr: groupLr });
          printLog(`${prefix ? `${prefix}.${name}` : name} : lr=${groupLr}`, { logger: 'current' });
        }
        for (const [name, child] of module.namedChildren()) {
          this.addParams(params, child, prefix ? `${prefix}.${name}` : name, groupLr * this.decayFactor);
        }
      }
    }
    const log = captureLog();
    OPTIM_WRAPPER_CONSTRUCTORS.registerModule({ module: LayerDecayOptimWrapperConstructor, force: true });
    const model = new TestModule()
      .child('layer', new TestModule().child('linear', TestModule.linear()))
      .child('linear', TestModule.linear());
    const wrapper = buildOptimWrapper(model, {
      optimizer: { type: 'SGD', lr: 0.01, weight_decay: 0.0001 },
      paramwise_cfg: { decay_factor: 0.5 },
      constructor: 'LayerDecayOptimWrapperConstructor',
    });
    expect(log.map((line) => line.replace(/^.* - INFO - /, ''))).toEqual([
      'layer.linear.weight : lr=0.0025',
      'layer.linear.bias : lr=0.0025',
      'linear.weight : lr=0.005',
      'linear.bias : lr=0.005',
    ]);
    expect(wrapper.getLr().lr).toEqual([0.0025, 0.0025, 0.005, 0.005]);
  });
});

describe('optimizer constructor forms', () => {
  it('accepts (params, options) and the registry form { params, ...options }', () => {
    const v = tf.variable(tf.zeros([1]));
    expect(new SGD({ params: [v], lr: 0.3 }).paramGroups[0]?.lr).toBe(0.3);
    expect(new SGD([v], { lr: 0.2 }).paramGroups[0]?.lr).toBe(0.2);
    expect(() => new SGD({ params: [v] } as never)).toThrow(/lr is required/);
  });
});
