// The lookups of MMEngine's "registry advanced usage", on toydet's registries (scope `toydet`), toycls's (its
// sibling, scope `toycls`) and eng's root registries (scope `eng`).
import { BaseDataPreprocessor, BaseModule, ReLU } from '@eng/model';
import { DefaultScope, MODELS, Registry, RegistryError } from '@eng/registry';
import { SmallResNet, TOYCLS_MODELS } from 'toycls';
import { beforeAll, describe, expect, it } from 'vitest';
import { CenterHead, TinyDetector, TOYDET_MODELS } from '../src/index';
import { setUpBackend } from './backend';

beforeAll(() => setUpBackend());

const detectorCfg = {
  type: 'TinyDetector',
  backbone: { type: 'toycls.SmallResNet', depth: 1, width: 4 },
  head: { type: 'CenterHead', num_classes: 2, feat_channels: 4 },
};

describe('a child registry falls back to its parent', () => {
  it('builds a name registered only in the root (scope eng)', () => {
    expect(TOYDET_MODELS.moduleDict.has('BaseDataPreprocessor')).toBe(false);
    expect(TOYDET_MODELS.get('BaseDataPreprocessor')).toBe(MODELS.get('BaseDataPreprocessor'));
    expect(TOYDET_MODELS.build({ type: 'BaseDataPreprocessor' })).toBeInstanceOf(BaseDataPreprocessor);
    expect(TOYDET_MODELS.parent).toBe(MODELS);
    expect(TOYDET_MODELS.scope).toBe('toydet');
  });
});

describe('a sibling registry is reached by the scope prefix', () => {
  it('builds toycls.SmallResNet from toydet MODELS (through the root)', () => {
    expect(TOYDET_MODELS.get('SmallResNet')).toBeUndefined();
    expect(TOYDET_MODELS.get('toycls.SmallResNet')).toBe(SmallResNet);
    const backbone = TOYDET_MODELS.build({ type: 'toycls.SmallResNet', depth: 1, width: 4 });
    expect(backbone).toBeInstanceOf(SmallResNet);
  });

  it('lets a toydet config name the toycls backbone', () => {
    const model = TOYDET_MODELS.build(detectorCfg) as TinyDetector;
    expect(model.backbone).toBeInstanceOf(SmallResNet);
    expect(model.bbox_head).toBeInstanceOf(CenterHead);
  });
});

describe('_scope_ in a config switches the scope of its build', () => {
  it('builds a toycls name from the root registry and from toydet', () => {
    expect(MODELS.get('SmallResNet')).toBeUndefined();
    expect(MODELS.build({ type: 'SmallResNet', _scope_: 'toycls', depth: 1, width: 4 })).toBeInstanceOf(SmallResNet);
    expect(TOYDET_MODELS.build({ type: 'SmallResNet', _scope_: 'toycls', depth: 1, width: 4 })).toBeInstanceOf(
      SmallResNet,
    );
  });

  it('lasts for the builds nested inside it', () => {
    // the detector and its head in scope toydet, its backbone named by the prefix
    const model = MODELS.build({ ...detectorCfg, _scope_: 'toydet' });
    expect(model).toBeInstanceOf(TinyDetector);
  });
});

describe('the default scope picks the registry a root build happens in', () => {
  it("makes the root MODELS build toydet's TinyDetector under DefaultScope 'toydet'", () => {
    expect(() => MODELS.build(detectorCfg)).toThrow(RegistryError);
    const model = DefaultScope.overwriteDefaultScope('toydet', () => {
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('toydet');
      return MODELS.build(detectorCfg);
    });
    expect(model).toBeInstanceOf(TinyDetector);
  });

  it('finds root names too under the default scope', () => {
    const relu = DefaultScope.overwriteDefaultScope('toydet', () => MODELS.build({ type: 'ReLU' }));
    expect(relu).toBeInstanceOf(ReLU);
  });
});

describe('a name registered in a child and in the root', () => {
  // A test-only child (its own scope, so nothing else sees it): children cannot be removed from the tree.
  const scope = `toydet_clash_${process.pid}`;
  const CLASH = new Registry('model', { parent: MODELS, scope });
  class ReLUOfTheChild extends BaseModule {}
  CLASH.registerModule({ name: 'ReLU', module: ReLUOfTheChild });

  it("resolves to the child's inside the child's scope", () => {
    expect(CLASH.get('ReLU')).toBe(ReLUOfTheChild);
    expect(CLASH.build({ type: 'ReLU' })).toBeInstanceOf(ReLUOfTheChild);
    expect(DefaultScope.overwriteDefaultScope(scope, () => MODELS.build({ type: 'ReLU' }))).toBeInstanceOf(
      ReLUOfTheChild,
    );
    expect(MODELS.build({ type: 'ReLU', _scope_: scope })).toBeInstanceOf(ReLUOfTheChild);
    expect(MODELS.get(`${scope}.ReLU`)).toBe(ReLUOfTheChild);
  });

  it("resolves to the root's outside it", () => {
    expect(MODELS.get('ReLU')).toBe(ReLU);
    expect(MODELS.build({ type: 'ReLU' })).toBeInstanceOf(ReLU);
    expect(TOYDET_MODELS.build({ type: 'ReLU' })).toBeInstanceOf(ReLU);
    expect(MODELS.get('eng.ReLU')).toBe(ReLU);
    expect(DefaultScope.overwriteDefaultScope('toydet', () => MODELS.build({ type: 'ReLU' }))).toBeInstanceOf(ReLU);
  });
});

describe('an unknown name', () => {
  it('fails naming the registry and scope, and suggests the nearest names', () => {
    let error: unknown;
    try {
      TOYDET_MODELS.build({ type: 'TinyDetectr' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryError);
    const e = error as RegistryError;
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.registry).toBe('model');
    expect(e.scope).toBe('toydet');
    expect(e.message).toContain('"model" registry');
    expect(e.message).toContain('toydet');
    expect(e.message).toMatch(/Did you mean[^.]*"TinyDetector"/);
  });

  it('suggests the scoped name of a sibling module', () => {
    expect(() => TOYDET_MODELS.build({ type: 'SmallResNet' })).toThrow(/toycls\.SmallResNet/);
  });

  it('is the same registry for toycls from both packages', () => {
    expect(MODELS.children.get('toycls')).toBe(TOYCLS_MODELS);
    expect(MODELS.children.get('toydet')).toBe(TOYDET_MODELS);
  });
});
