import { afterEach, describe, expect, it } from 'vitest';
import { BuildError, buildFromCfg, ManagerMixin, Registry, RegistryError, withConfigPath } from '../src/index';
import { buildDogTree, captureWarnings, resetDefaultScopes } from './helpers';
import { state } from '../src/global-state';

afterEach(() => resetDefaultScopes());

function backbones() {
  const BACKBONES = new Registry('backbone', { scope: 'bb' });
  @BACKBONES.registerModule()
  class ResNet {
    depth: number;
    stages: number;
    constructor(options: { depth: number; stages?: number }) {
      this.depth = options.depth;
      this.stages = options.stages ?? 4;
    }
  }
  @BACKBONES.registerModule()
  class ResNeXt {
    depth: number;
    stages: number;
    constructor(options: { depth: number; stages?: number }) {
      this.depth = options.depth;
      this.stages = options.stages ?? 4;
    }
  }
  return { BACKBONES, ResNet, ResNeXt };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('buildFromCfg: arguments', () => {
  it('requires cfg to be an object', () => {
    const { BACKBONES } = backbones();
    expect(() => buildFromCfg('ResNet' as never, BACKBONES)).toThrow(
      new TypeError('cfg should be an object (a config dict), but got the string "ResNet"'),
    );
    expect(() => buildFromCfg(null as never, BACKBONES)).toThrow(TypeError);
    expect(() => buildFromCfg([] as never, BACKBONES)).toThrow(TypeError);
  });

  it('builds a registered name with its options', () => {
    const { BACKBONES, ResNet, ResNeXt } = backbones();
    const model = buildFromCfg({ type: 'ResNet', depth: 50 }, BACKBONES) as InstanceType<typeof ResNet>;
    expect(model).toBeInstanceOf(ResNet);
    expect([model.depth, model.stages]).toEqual([50, 4]);
    const next = buildFromCfg({ type: 'ResNeXt', depth: 50, stages: 3 }, BACKBONES) as InstanceType<typeof ResNeXt>;
    expect(next).toBeInstanceOf(ResNeXt);
    expect([next.depth, next.stages]).toEqual([50, 3]);
  });

  it('needs "type" in cfg or defaultArgs', () => {
    const { BACKBONES } = backbones();
    const error = thrown(() => buildFromCfg({ depth: 50, stages: 4 }, BACKBONES));
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('MISSING_TYPE');
    expect(error.message).toMatch(/must contain the key "type"/);
    expect(() => buildFromCfg({ depth: 50 }, BACKBONES, { stages: 4 })).toThrow(/must contain the key "type"/);
  });

  it('requires type to be a string or a class/function', () => {
    const { BACKBONES } = backbones();
    expect(() => buildFromCfg({ type: 1000 }, BACKBONES)).toThrow(
      new TypeError('type must be a string or a class/function, but got the number 1000'),
    );
  });

  it('accepts a class as type', () => {
    const { BACKBONES, ResNet } = backbones();
    const model = buildFromCfg({ type: ResNet, depth: 50 }, BACKBONES) as InstanceType<typeof ResNet>;
    expect(model).toBeInstanceOf(ResNet);
    expect(model.stages).toBe(4);
  });

  it('names the registry, scope, searched scopes and nearest names for an unknown type', () => {
    const { BACKBONES } = backbones();
    const error = thrown(() => buildFromCfg({ type: 'ResNt' }, BACKBONES)) as RegistryError;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.code).toBe('UNKNOWN_TYPE');
    expect(error.registry).toBe('backbone');
    expect(error.scope).toBe('bb');
    expect(error.message).toMatch(/^"ResNt" is not in the "backbone" registry \(scope "bb"\)\./);
    expect(error.message).toContain('Searched, in order: bb::backbone.');
    expect(error.message).toContain('Did you mean "ResNet", "ResNeXt"?');
  });

  it('merges defaultArgs under the config (the config wins)', () => {
    const { BACKBONES, ResNet } = backbones();
    const model = buildFromCfg({ type: 'ResNet', depth: 50 }, BACKBONES, { stages: 3 }) as InstanceType<typeof ResNet>;
    expect([model.depth, model.stages]).toEqual([50, 3]);
    const same = buildFromCfg({ type: 'ResNet', depth: 50 }, BACKBONES, { depth: 18 }) as InstanceType<typeof ResNet>;
    expect(same.depth).toBe(50);
  });

  it('requires defaultArgs to be an object or undefined', () => {
    const { BACKBONES } = backbones();
    expect(() => buildFromCfg({ type: 'ResNet', depth: 50 }, BACKBONES, 1 as never)).toThrow(TypeError);
  });

  it('takes "type" from defaultArgs, as a name or a class', () => {
    const { BACKBONES, ResNet } = backbones();
    expect(buildFromCfg({ depth: 50 }, BACKBONES, { type: 'ResNet' })).toBeInstanceOf(ResNet);
    expect(buildFromCfg({ depth: 50 }, BACKBONES, { type: ResNet })).toBeInstanceOf(ResNet);
  });

  it('accepts a Config-like object (data behind toDict()), as MMEngine accepts a Config', () => {
    const { BACKBONES, ResNet } = backbones();
    class FakeConfig {
      readonly #data: Record<string, unknown>;
      constructor(data: Record<string, unknown>) {
        this.#data = data;
      }
      toDict() {
        return structuredClone(this.#data);
      }
    }
    const model = buildFromCfg(new FakeConfig({ type: 'ResNet', depth: 50 }), BACKBONES, new FakeConfig({ stages: 2 }));
    expect(model).toBeInstanceOf(ResNet);
    expect((model as InstanceType<typeof ResNet>).stages).toBe(2);
  });

  it('requires a Registry', () => {
    expect(() => buildFromCfg({ type: 'ResNet', depth: 50 }, 'BACKBONES' as never)).toThrow(
      new TypeError('registry must be a Registry, but got the string "BACKBONES"'),
    );
  });

  it('never mutates the config or the default arguments', () => {
    const { BACKBONES } = backbones();
    const cfg = Object.freeze({ type: 'ResNet', depth: 50, _scope_: 'bb' });
    const defaults = Object.freeze({ stages: 2 });
    buildFromCfg(cfg, BACKBONES, defaults);
    expect(cfg).toEqual({ type: 'ResNet', depth: 50, _scope_: 'bb' });
    expect(defaults).toEqual({ stages: 2 });
  });

  it('passes the options without type and _scope_, as a fresh object', () => {
    const REG = new Registry('echo', { scope: 'echo' });
    REG.registerModule({ name: 'echo', module: (options: object) => options });
    const cfg = { type: 'echo', _scope_: 'echo', a: 1 };
    const args = REG.build<object>(cfg);
    expect(args).toEqual({ a: 1 });
    expect(args).not.toBe(cfg);
  });

  it('keeps a __proto__ key of the data as data', () => {
    const REG = new Registry('echo', { scope: 'echo' });
    REG.registerModule({ name: 'echo', module: (options: object) => options });
    const cfg = JSON.parse('{ "type": "echo", "__proto__": { "polluted": true } }');
    const args = REG.build<Record<string, unknown>>(cfg);
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.hasOwn(args, '__proto__')).toBe(true);
    expect((args as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('constructs only class syntax with new, and calls every other callable', () => {
    const REG = new Registry('kinds', { scope: 'kinds' });
    class WithNew {
      constructor(readonly options: object) {}
    }
    function plain(this: unknown, options: object) {
      return { calledWithNew: new.target !== undefined, options };
    }
    REG.registerModule({ module: WithNew });
    REG.registerModule({ module: plain });
    expect(REG.build({ type: 'WithNew', x: 1 })).toEqual(new WithNew({ x: 1 }));
    expect(REG.build({ type: 'plain', x: 1 })).toEqual({ calledWithNew: false, options: { x: 1 } });
  });
});

describe('buildFromCfg: ManagerMixin subclasses are built through getInstance', () => {
  it('creates the instance once and makes it current', () => {
    const VISUALIZER = new Registry('visualizer', { scope: 'vis' });
    @VISUALIZER.registerModule()
    class Visualizer extends ManagerMixin {
      constructor(options: { name: string }) {
        super(options.name);
      }
    }
    expect(() => Visualizer.getCurrentInstance()).toThrow(RegistryError);
    const built = buildFromCfg({ type: 'Visualizer', name: 'visualizer' }, VISUALIZER);
    expect(Visualizer.getCurrentInstance()).toBe(built);
    // a second build of the same name returns it, warning only when other options would be ignored
    const again = captureWarnings(() => buildFromCfg({ type: 'Visualizer', name: 'visualizer' }, VISUALIZER));
    expect(again.result).toBe(built);
    expect(again.warnings).toEqual([]);
    const withOptions = captureWarnings(() =>
      buildFromCfg({ type: 'Visualizer', name: 'visualizer', save_dir: 'x' }, VISUALIZER),
    );
    expect(withOptions.result).toBe(built);
    expect(withOptions.warnings).toHaveLength(1);
    expect(withOptions.warnings[0]).toMatch(/ignores the other arguments \(save_dir\)/);
    expect((built as Visualizer).instanceName).toBe('visualizer');
  });
});

describe('errors that name the config path', () => {
  it('wraps a constructor error with the type, registry, scope and config path, keeping the cause', () => {
    const { DOGS, HOUNDS } = buildDogTree();
    const cause = new RangeError('tail too long');
    @HOUNDS.registerModule()
    class BloodHound {
      constructor() {
        throw cause;
      }
    }
    void BloodHound;
    @DOGS.registerModule()
    class Pack {
      members: unknown[];
      constructor(options: { members: object[] }) {
        this.members = options.members.map((m) => DOGS.build(m));
      }
    }
    void Pack;
    const error = thrown(() =>
      DOGS.build({ type: 'Pack', members: [{ type: 'GoldenRetriever' }, { type: 'hound.BloodHound' }] }),
    );
    // the first member is unknown: the error says where it sits
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('UNKNOWN_TYPE');
    expect((error as RegistryError).configPath).toBe('members[0]');
    expect(error.message).toContain('(config path: members[0])');

    DOGS.registerModule({ module: class GoldenRetriever {} });
    const wrapped = thrown(() =>
      DOGS.build({ type: 'Pack', members: [{ type: 'GoldenRetriever' }, { type: 'hound.BloodHound' }] }),
    );
    expect(wrapped).toBeInstanceOf(BuildError);
    expect((wrapped as BuildError).code).toBe('BUILD_FAILED');
    expect((wrapped as BuildError).type).toBe('hound.BloodHound');
    expect((wrapped as BuildError).configPath).toBe('members[1]');
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).toBe(
      'Failed to build "hound.BloodHound" from the "dogs" registry (scope "dogs") at config path "members[1]": tail too long',
    );
  });

  it('reports a top-level failure without a path, and a nested one built from a copy as built by its parent', () => {
    const REG = new Registry('r', { scope: 'r' });
    REG.registerModule({
      name: 'Boom',
      module: () => {
        throw new Error('boom');
      },
    });
    REG.registerModule({ name: 'Copying', module: (o: { inner: object }) => REG.build({ ...o.inner }) });
    const top = thrown(() => REG.build({ type: 'Boom' })) as BuildError;
    expect(top.configPath).toBe('');
    expect(top.message).toBe('Failed to build "Boom" from the "r" registry (scope "r"): boom');
    const nested = thrown(() => REG.build({ type: 'Copying', inner: { type: 'Boom' } })) as BuildError;
    expect(nested.configPath).toBe('<built by Copying>');
  });

  it('leaves the build stack empty after failures', () => {
    const REG = new Registry('r', { scope: 'r' });
    REG.registerModule({
      name: 'Boom',
      module: () => {
        throw new Error('boom');
      },
    });
    expect(() => REG.build({ type: 'Boom' })).toThrow(BuildError);
    expect(state.buildStack).toEqual([]);
  });
});

describe('config paths of top-level builds and withConfigPath', () => {
  it('fills configPath with "" for a top-level unknown type', () => {
    const REG = new Registry('r', { scope: 'r_top' });
    const error = thrown(() => REG.build({ type: 'Nope' })) as RegistryError;
    expect(error.code).toBe('UNKNOWN_TYPE');
    expect(error.configPath).toBe('');
  });

  it('puts every build inside withConfigPath under the given path, nested builds and index paths included', () => {
    const REG = new Registry('r', { scope: 'r_base' });
    REG.registerModule({ name: 'List', module: (o: { items: object[] }) => o.items.map((i) => REG.build(i)) });
    REG.registerModule({
      name: 'Boom',
      module: () => {
        throw new Error('boom');
      },
    });
    const unknown = thrown(() => withConfigPath('model', () => REG.build({ type: 'Nope' }))) as RegistryError;
    expect(unknown.configPath).toBe('model');
    expect(unknown.message).toContain('(config path: model)');
    const nested = thrown(() =>
      withConfigPath('model', () =>
        withConfigPath('backbone', () =>
          REG.build({ type: 'List', items: [{ type: 'List', items: [] }, { type: 'Boom' }] }),
        ),
      ),
    ) as BuildError;
    expect(nested.configPath).toBe('model.backbone.items[1]');
    expect(nested.message).toContain('at config path "model.backbone.items[1]": boom');
    // the path ends with the callback, even when it throws
    expect((thrown(() => REG.build({ type: 'Boom' })) as BuildError).configPath).toBe('');
    expect(() => withConfigPath(3 as never, () => 0)).toThrow(TypeError);
  });
});

describe('withConfigPath inside a build', () => {
  it('changes nothing: the path comes from where the config sits', () => {
    const REG = new Registry('r', { scope: 'r_inside' });
    REG.registerModule({
      name: 'Parent',
      module: (o: { child: object }) => withConfigPath('[0]', () => REG.build(o.child)),
    });
    const error = thrown(() => withConfigPath('model', () => REG.build({ type: 'Parent', child: { type: 'Nope' } })));
    expect((error as RegistryError).configPath).toBe('model.child');
  });
});
