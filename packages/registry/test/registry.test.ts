import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFromCfg, DefaultScope, Registry, RegistryError } from '../src/index';
import { buildDogTree, captureWarnings, resetDefaultScopes } from './helpers';

beforeEach(() => resetDefaultScopes());
afterEach(() => resetDefaultScopes());

describe('Registry(name, { buildFunc, parent, scope })', () => {
  it('starts empty with buildFromCfg as its build function', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    expect(CATS.name).toBe('cat');
    expect(CATS.moduleDict.size).toBe(0);
    expect(CATS.size).toBe(0);
    expect(CATS.buildFunc).toBe(buildFromCfg);
    expect(CATS.parent).toBeUndefined();
    expect(CATS.root).toBe(CATS);
  });

  it('keeps a given build function', () => {
    const buildFunc = () => 'built';
    const CATS = new Registry('cat', { scope: 'cat', buildFunc });
    expect(CATS.buildFunc).toBe(buildFunc);
    expect(CATS.build({ type: 'anything' })).toBe('built');
  });

  it('rejects a parent that is not a Registry', () => {
    expect(() => new Registry('little_cat', { parent: 'cat' as never, scope: 'little_cat' })).toThrow(TypeError);
  });

  it('adds itself to the parent children under its scope', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    const LITTLE_CATS = new Registry('little_cat', { parent: CATS, scope: 'little_cat' });
    expect(LITTLE_CATS.parent).toBe(CATS);
    expect(CATS.children.get('little_cat')).toBe(LITTLE_CATS);
  });

  it('refuses a second child with the same scope under one parent', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    new Registry('a', { parent: CATS, scope: 'kitten' });
    let error: unknown;
    try {
      new Registry('b', { parent: CATS, scope: 'kitten' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('DUPLICATE_SCOPE');
    expect((error as Error).message).toMatch(/scope "kitten" already exists among the children of the "cat"/);
  });

  it('rejects a scope that is not a string', () => {
    expect(() => new Registry('cat', { scope: 1 as never })).toThrow(TypeError);
    expect(() => new Registry('cat', { scope: 'a.b' })).toThrow(/must not contain "."/);
  });

  it("infers the scope from the caller's package.json, without the @org/ prefix", () => {
    const { result, warnings } = captureWarnings(() => new Registry('cat'));
    expect(result.scope).toBe('registry');
    expect(warnings).toEqual([]);
    expect(new Registry('cat', { scope: 'cat' }).scope).toBe('cat');
  });

  it('inherits the build function from the parent, else uses buildFromCfg', () => {
    const custom = (cfg: object) => cfg;
    const BACKBONES = new Registry('backbone', { scope: 'bb', buildFunc: custom });
    const NEW_MODELS = new Registry('models', { parent: BACKBONES, scope: 'new' });
    expect(NEW_MODELS.buildFunc).toBe(custom);
    const pseudo = () => 'pseudo';
    const OTHER = new Registry('models', { parent: BACKBONES, scope: 'other', buildFunc: pseudo });
    expect(OTHER.buildFunc).toBe(pseudo);
  });
});

describe('Registry.splitScopeKey', () => {
  it('splits the first scope off a key', () => {
    expect(Registry.splitScopeKey('BloodHound')).toEqual([undefined, 'BloodHound']);
    expect(Registry.splitScopeKey('hound.BloodHound')).toEqual(['hound', 'BloodHound']);
    expect(Registry.splitScopeKey('hound.little_hound.Dachshund')).toEqual(['hound', 'little_hound.Dachshund']);
  });
});

describe('registerModule', () => {
  it('registers functions and classes under their names, aliases, and explicit names', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    function muchkin(_options: { size: number }) {}
    expect(CATS.registerModule({ module: muchkin })).toBe(muchkin);
    expect(CATS.get('muchkin')).toBe(muchkin);
    expect(CATS.has('muchkin')).toBe(true);

    @CATS.registerModule()
    class BritishShorthair {}
    expect(CATS.size).toBe(2);
    expect(CATS.get('BritishShorthair')).toBe(BritishShorthair);

    @CATS.registerModule({ name: 'Munchkin' })
    class Munchkin {}
    expect(CATS.size).toBe(3);
    expect(CATS.get('Munchkin')).toBe(Munchkin);

    @CATS.registerModule({ name: ['Siamese', 'Siamese2'] })
    class SiameseCat {}
    expect(CATS.get('Siamese')).toBe(SiameseCat);
    expect(CATS.get('Siamese2')).toBe(SiameseCat);
    expect(CATS.size).toBe(5);
  });

  it('checks the types of name, force and module', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    expect(() => CATS.registerModule({ name: 7474741 as never })).toThrow(
      new TypeError('name must be undefined, a string, or an array of strings, but got the number 7474741'),
    );
    expect(() => CATS.registerModule({ force: 1 as never })).toThrow(
      new TypeError('force must be a boolean, but got the number 1'),
    );
    expect(() => CATS.registerModule({ module: 'string' as never })).toThrow(
      /module must be a class or a function, but got the string "string"/,
    );
    expect(() => CATS.registerModule({ name: ['ok', 3] as never })).toThrow(TypeError);
    expect(() =>
      CATS.registerModule({
        module: (
          () => () =>
            1
        )(),
      }),
    ).toThrow(/anonymous/);
  });

  it('refuses a duplicate name, saying where the first was registered, unless force is set', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    class BritishShorthair {}
    CATS.registerModule({ module: BritishShorthair });
    let error: unknown;
    try {
      CATS.registerModule({ module: class BritishShorthair {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('DUPLICATE_NAME');
    expect((error as Error).message).toMatch(
      /"BritishShorthair" is already registered in the "cat" registry \(scope "cat"\) at .*registry\.test\.ts:\d+:\d+/,
    );
    const Replacement = class BritishShorthair {};
    CATS.registerModule({ module: Replacement, force: true });
    expect(CATS.get('BritishShorthair')).toBe(Replacement);
    expect(CATS.size).toBe(1);
  });

  it('checks every alias before registering any', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    CATS.registerModule({ name: 'b', module: class A {} });
    expect(() => CATS.registerModule({ name: ['a', 'b'], module: class C {} })).toThrow(RegistryError);
    expect(CATS.has('a')).toBe(false);
  });

  it('registers with `module` and returns it, under aliases too', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    class SphynxCat {}
    expect(CATS.registerModule({ module: SphynxCat })).toBe(SphynxCat);
    CATS.registerModule({ name: 'Sphynx1', module: SphynxCat });
    CATS.registerModule({ name: ['Sphynx2', 'Sphynx3'], module: SphynxCat });
    expect(CATS.get('Sphynx1')).toBe(SphynxCat);
    expect(CATS.get('Sphynx3')).toBe(SphynxCat);
    expect(CATS.size).toBe(4);
  });

  it('registers bound (partial) functions and arrow functions', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    function muchkin(options: { size: number }) {
      return options.size;
    }
    const muchkin0 = muchkin.bind(null);
    CATS.registerModule({ name: 'muchkin0', force: false, module: muchkin0 });
    CATS.registerModule({ name: 'unknown cat', module: () => 'unknown' });
    expect(CATS.get('muchkin0')).toBe(muchkin0);
    expect(CATS.has('unknown cat')).toBe(true);
    expect(CATS.size).toBe(2);
  });

  it('works as a TypeScript experimentalDecorators class decorator (called with the class only)', async () => {
    const ts = await import('typescript');
    const CATS = new Registry('cat', { scope: 'cat' });
    const source = '@CATS.registerModule({ name: "Legacy" }) class LegacyCat {}\nexport const result = LegacyCat;';
    const js = ts.transpileModule(source, {
      compilerOptions: { experimentalDecorators: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS },
    }).outputText;
    expect(js).toContain('__decorate');
    const exports: { result?: Function } = {};
    new Function('exports', 'CATS', js)(exports, CATS);
    expect(CATS.get('Legacy')).toBe(exports.result);
  });

  it('as a TC39 decorator, refuses anything but a class', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    const decorator = CATS.registerModule();
    expect(() => decorator(function method() {}, { kind: 'method', name: 'method' })).toThrow(/decorates classes/);
  });
});

describe('get: MMEngine search order', () => {
  it('finds the root of every node', () => {
    const { DOGS, HOUNDS, LITTLE_HOUNDS, MID_HOUNDS } = buildDogTree();
    expect(DOGS.root).toBe(DOGS);
    expect(HOUNDS.root).toBe(DOGS);
    expect(LITTLE_HOUNDS.root).toBe(DOGS);
    expect(MID_HOUNDS.root).toBe(DOGS);
  });

  it('rejects a key that is not a string', () => {
    const { MID_HOUNDS } = buildDogTree();
    expect(() => MID_HOUNDS.get(null as never)).toThrow(TypeError);
  });

  it('searches itself, parents, children, descendants, siblings, uncles, cousins and nephews', () => {
    const { DOGS, HOUNDS, LITTLE_HOUNDS, MID_HOUNDS, SAMOYEDS, LITTLE_SAMOYEDS } = buildDogTree();
    function bark(options: { word: string; times: number }) {
      return Array(options.times).fill(options.word);
    }
    DOGS.registerModule({ module: bark });
    const dogBark = (options: { times: number }) => bark({ word: 'woof', ...options });
    DOGS.registerModule({ name: 'dog_bark', module: dogBark });
    @DOGS.registerModule()
    class GoldenRetriever {}
    expect(DOGS.size).toBe(3);
    expect(DOGS.get('GoldenRetriever')).toBe(GoldenRetriever);
    expect(DOGS.get('bark')).toBe(bark);
    expect(DOGS.get('dog_bark')).toBe(dogBark);

    @HOUNDS.registerModule()
    class BloodHound {}
    expect(HOUNDS.size).toBe(1);
    expect(HOUNDS.get('BloodHound')).toBe(BloodHound); // itself
    expect(DOGS.get('hound.BloodHound')).toBe(BloodHound); // a child
    expect(HOUNDS.get('hound.BloodHound')).toBe(BloodHound); // its own scope
    expect(HOUNDS.get('GoldenRetriever')).toBe(GoldenRetriever); // the parent
    expect(HOUNDS.get('bark')).toBe(bark);
    expect(HOUNDS.get('dog_bark')).toBe(dogBark);

    @LITTLE_HOUNDS.registerModule()
    class Dachshund {}
    expect(LITTLE_HOUNDS.get('Dachshund')).toBe(Dachshund);
    expect(LITTLE_HOUNDS.get('hound.BloodHound')).toBe(BloodHound); // the parent, by scope
    expect(HOUNDS.get('little_hound.Dachshund')).toBe(Dachshund); // a child
    expect(DOGS.get('hound.little_hound.Dachshund')).toBe(Dachshund); // a descendant
    expect(LITTLE_HOUNDS.get('BloodHound')).toBe(BloodHound); // parent without prefix
    expect(LITTLE_HOUNDS.get('GoldenRetriever')).toBe(GoldenRetriever); // grandparent

    @MID_HOUNDS.registerModule()
    class Beagle {}
    expect(LITTLE_HOUNDS.get('hound.mid_hound.Beagle')).toBe(Beagle); // a sibling

    @SAMOYEDS.registerModule()
    class PedigreeSamoyed {}
    expect(SAMOYEDS.size).toBe(1);
    expect(LITTLE_HOUNDS.get('samoyed.PedigreeSamoyed')).toBe(PedigreeSamoyed); // an uncle

    @LITTLE_SAMOYEDS.registerModule()
    class LittlePedigreeSamoyed {}
    expect(LITTLE_HOUNDS.get('samoyed.little_samoyed.LittlePedigreeSamoyed')).toBe(LittlePedigreeSamoyed); // cousin
    expect(HOUNDS.get('samoyed.little_samoyed.LittlePedigreeSamoyed')).toBe(LittlePedigreeSamoyed); // nephew
  });

  it('returns undefined for names and scopes that are not there, without recursing', () => {
    const { DOGS, LITTLE_HOUNDS, SAMOYEDS, LITTLE_SAMOYEDS } = buildDogTree();
    SAMOYEDS.registerModule({ module: class PedigreeSamoyed {} });
    LITTLE_SAMOYEDS.registerModule({ module: class LittlePedigreeSamoyed {} });
    DOGS.registerModule({ module: class GoldenRetriever {} });
    expect(LITTLE_HOUNDS.get('GoldenRetrieverererer')).toBeUndefined();
    expect(DOGS.get('samoyedddd.PedigreeSamoyed')).toBeUndefined(); // not a child of DOGS
    expect(DOGS.get('samoyed.LittlePedigreeSamoyed')).toBeUndefined(); // in a grandchild, not in SAMOYEDS
    expect(LITTLE_HOUNDS.get('mid_hound.PedigreeSamoyedddddd')).toBeUndefined(); // mid_hound is not a root child
    expect(LITTLE_HOUNDS.get('nowhere.at.all.X')).toBeUndefined();
    expect(LITTLE_HOUNDS.has('nowhere.X')).toBe(false);
  });

  it('looks only in itself when the key carries its own scope', () => {
    const { DOGS, HOUNDS } = buildDogTree();
    DOGS.registerModule({ module: class GoldenRetriever {} });
    expect(HOUNDS.get('GoldenRetriever')).toBeDefined();
    expect(HOUNDS.get('hound.GoldenRetriever')).toBeUndefined();
  });

  it('prefers its own name over the parent one, and reaches the parent with its scope', () => {
    const { DOGS, HOUNDS } = buildDogTree();
    const Parent = DOGS.registerModule({ name: 'Shared', module: class Parent {} });
    const Own = HOUNDS.registerModule({ name: 'Shared', module: class Own {} });
    expect(HOUNDS.get('Shared')).toBe(Own);
    expect(HOUNDS.get('dogs.Shared')).toBe(Parent);
  });

  it('sees registrations made after a cached lookup (the cache is invalidated)', () => {
    const { DOGS, HOUNDS, SAMOYEDS } = buildDogTree();
    expect(HOUNDS.get('Late')).toBeUndefined();
    expect(HOUNDS.get('samoyed.Late')).toBeUndefined();
    const Late = DOGS.registerModule({ name: 'Late', module: class Late {} });
    expect(HOUNDS.get('Late')).toBe(Late);
    const SamoyedLate = SAMOYEDS.registerModule({ name: 'Late', module: class Late {} });
    expect(HOUNDS.get('samoyed.Late')).toBe(SamoyedLate);
    const Forced = DOGS.registerModule({ name: 'Late', module: class Forced {}, force: true });
    expect(HOUNDS.get('Late')).toBe(Forced);
    // a new child registry is found too
    expect(DOGS.get('poodle.Toy')).toBeUndefined();
    const POODLES = new Registry('poodles', { parent: DOGS, scope: 'poodle' });
    const Toy = POODLES.registerModule({ name: 'Toy', module: class Toy {} });
    expect(DOGS.get('poodle.Toy')).toBe(Toy);
  });
});

describe('searchChild (MMEngine _search_child)', () => {
  it('searches the subtree depth-first', () => {
    const { DOGS, HOUNDS, LITTLE_HOUNDS } = buildDogTree();
    expect(DOGS.searchChild('hound')).toBe(HOUNDS);
    expect(DOGS.searchChild('not a child')).toBeUndefined();
    expect(DOGS.searchChild('little_hound')).toBe(LITTLE_HOUNDS);
    expect(LITTLE_HOUNDS.searchChild('hound')).toBeUndefined();
    expect(LITTLE_HOUNDS.searchChild('mid_hound')).toBeUndefined();
  });
});

describe('build', () => {
  it('builds classes, calls functions, from the registry and its parents', () => {
    const { DOGS, HOUNDS, LITTLE_HOUNDS, MID_HOUNDS } = buildDogTree();
    DOGS.registerModule({
      module: function bark(options: { word: string; times: number }) {
        return Array(options.times).fill(options.word).join(' ');
      },
    });
    DOGS.registerModule({
      name: 'dog_bark',
      module: (options: { times: number }) => Array(options.times).fill('woof').join(' '),
    });
    const barkCfg = { type: 'bark', word: 'meow', times: 3 };
    const dogBarkCfg = { type: 'dog_bark', times: 3 };
    @DOGS.registerModule()
    class GoldenRetriever {}
    expect(DOGS.build({ type: 'GoldenRetriever' })).toBeInstanceOf(GoldenRetriever);
    expect(DOGS.build(barkCfg)).toBe('meow meow meow');
    expect(DOGS.build(dogBarkCfg)).toBe('woof woof woof');

    @HOUNDS.registerModule()
    class BloodHound {}
    expect(HOUNDS.build({ type: 'BloodHound' })).toBeInstanceOf(BloodHound);
    expect(HOUNDS.build({ type: 'GoldenRetriever' })).toBeInstanceOf(GoldenRetriever);
    expect(HOUNDS.build(barkCfg)).toBe('meow meow meow');
    expect(HOUNDS.build(dogBarkCfg)).toBe('woof woof woof');

    @LITTLE_HOUNDS.registerModule()
    class Dachshund {}
    expect(LITTLE_HOUNDS.build({ type: 'Dachshund' })).toBeInstanceOf(Dachshund);

    @MID_HOUNDS.registerModule()
    class Beagle {}
    expect(MID_HOUNDS.build({ type: 'Beagle' })).toBeInstanceOf(Beagle);
  });

  it('switches to the registry of the default scope', () => {
    const { LITTLE_HOUNDS, MID_HOUNDS } = buildDogTree();
    @MID_HOUNDS.registerModule()
    class Beagle {}
    DefaultScope.getInstance(`test-${Date.now()}`, { scopeName: 'mid_hound' });
    expect(LITTLE_HOUNDS.build({ type: 'Beagle' })).toBeInstanceOf(Beagle);
  });

  it('falls back to the registry itself, with a warning, when the default scope is not in the tree', () => {
    const { MID_HOUNDS } = buildDogTree();
    @MID_HOUNDS.registerModule()
    class Beagle {}
    DefaultScope.getInstance(`test2-${Date.now()}`, { scopeName: 'scope-not-found' });
    const { result, warnings } = captureWarnings(() => MID_HOUNDS.build({ type: 'Beagle' }));
    expect(result).toBeInstanceOf(Beagle);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Failed to find a registry with scope "scope-not-found" in the "dogs" registry tree/);
  });

  it('switches scope with _scope_ for the build and every build inside it, then restores it', () => {
    const { DOGS, HOUNDS, SAMOYEDS } = buildDogTree();
    @HOUNDS.registerModule()
    class BloodHound {}
    @SAMOYEDS.registerModule()
    class MySamoyed {
      friend: unknown;
      scopeInside = DefaultScope.getCurrentInstance()?.scopeName;
      constructor(options: { friend: object }) {
        this.friend = DOGS.build(options.friend);
      }
    }
    @SAMOYEDS.registerModule()
    class YourSamoyed {}
    DefaultScope.getInstance('outer', { scopeName: 'dogs' });

    const dog = DOGS.build<MySamoyed>({ _scope_: 'samoyed', type: 'MySamoyed', friend: { type: 'hound.BloodHound' } });
    expect(dog).toBeInstanceOf(MySamoyed);
    expect(dog.friend).toBeInstanceOf(BloodHound);
    expect(dog.scopeInside).toBe('samoyed');
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('dogs');

    // the friend is looked up in the samoyed registry, not in DOGS where build was called
    const dog2 = DOGS.build<MySamoyed>({ _scope_: 'samoyed', type: 'MySamoyed', friend: { type: 'YourSamoyed' } });
    expect(dog2.friend).toBeInstanceOf(YourSamoyed);
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('dogs');
  });

  it('restores the scope when the build throws', () => {
    const { DOGS } = buildDogTree();
    DefaultScope.getInstance('outer', { scopeName: 'dogs' });
    expect(() => DOGS.build({ _scope_: 'samoyed', type: 'Nothing' })).toThrow(RegistryError);
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('dogs');
  });

  it('calls arrow and bound functions with the options', () => {
    const { DOGS } = buildDogTree();
    const lambdaDog = (options: { name: string }) => options.name;
    DOGS.registerModule({ name: 'lambda_dog', module: lambdaDog });
    expect(DOGS.build({ type: 'lambda_dog', name: 'unknown' })).toBe('unknown');
    function named(this: { prefix: string }, options: { name: string }) {
      return `${this.prefix}${options.name}`;
    }
    DOGS.registerModule({ name: 'partial dog', module: named.bind({ prefix: 'partial-' }) });
    expect(DOGS.build({ type: 'partial dog', name: 'x' })).toBe('partial-x');
  });

  it('uses a build function that the parent gets later', () => {
    const PARENT = new Registry('parent', { scope: 'p' });
    const CHILD = new Registry('child', { parent: PARENT, scope: 'c' });
    PARENT.buildFunc = (cfg) => ({ custom: cfg });
    expect(CHILD.build({ type: 'x' })).toEqual({ custom: { type: 'x' } });
    PARENT.buildFunc = undefined;
    expect(CHILD.buildFunc).toBe(buildFromCfg);
  });
});

describe('switchScopeAndRegistry', () => {
  it('switches to the registry of a scope, nested, and back', () => {
    const DOGS = new Registry('dogs', { scope: 'dogs' });
    const HOUNDS = new Registry('hounds', { scope: 'hound', parent: DOGS });
    const SAMOYEDS = new Registry('samoyeds', { scope: 'samoyed', parent: DOGS });
    const CHIHUAHUA = new Registry('chihuahuas', { scope: 'chihuahua', parent: DOGS });
    DefaultScope.getInstance(`scope_${Date.now()}`, { scopeName: 'chihuahua' });
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('chihuahua');

    CHIHUAHUA.switchScopeAndRegistry('hound', (registry) => {
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('hound');
      expect(registry).toBe(HOUNDS);
    });

    const result = CHIHUAHUA.switchScopeAndRegistry('samoyed', (samoyedRegistry) => {
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('samoyed');
      expect(samoyedRegistry).toBe(SAMOYEDS);
      return CHIHUAHUA.switchScopeAndRegistry('hound', (houndRegistry) => {
        expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('hound');
        expect(houndRegistry).toBe(HOUNDS);
        return 'inner result';
      });
    });
    expect(result).toBe('inner result');
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('chihuahua');

    const { warnings } = captureWarnings(() =>
      CHIHUAHUA.switchScopeAndRegistry('unknown', (registry) => {
        expect(registry).toBe(CHIHUAHUA);
        expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('unknown');
      }),
    );
    expect(warnings.join('\n')).toMatch(/"unknown".*the "chihuahuas" registry in "chihuahua" is used/s);
  });

  it('keeps the current scope for undefined, and uses the registry itself without any default scope', () => {
    const DOGS = new Registry('dogs', { scope: 'dogs' });
    const HOUNDS = new Registry('hounds', { scope: 'hound', parent: DOGS });
    expect(HOUNDS.switchScopeAndRegistry(undefined, (r) => r)).toBe(HOUNDS);
    DefaultScope.getInstance('d', { scopeName: 'dogs' });
    expect(HOUNDS.switchScopeAndRegistry(undefined, (r) => r)).toBe(DOGS);
  });

  it('lasts through the awaits of an async callback', async () => {
    const DOGS = new Registry('dogs', { scope: 'dogs' });
    const HOUNDS = new Registry('hounds', { scope: 'hound', parent: DOGS });
    const seen = await DOGS.switchScopeAndRegistry('hound', async (registry) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [registry, DefaultScope.getCurrentInstance()?.scopeName];
    });
    expect(seen).toEqual([HOUNDS, 'hound']);
    expect(DefaultScope.getCurrentInstance()).toBeUndefined();
  });
});

describe('toString', () => {
  it('prints a table of the registered names', () => {
    const CATS = new Registry('cat', { scope: 'cat' });
    @CATS.registerModule()
    class BritishShorthair {}
    @CATS.registerModule()
    class Munchkin {}
    void BritishShorthair;
    void Munchkin;
    const text = String(CATS);
    expect(text).toContain('Registry of cat');
    expect(text).toMatch(/│ BritishShorthair │ class BritishShorthair │ .*registry\.test\.ts/);
    expect(text.indexOf('BritishShorthair')).toBeLessThan(text.indexOf('Munchkin'));
  });
});

describe('scopes shared with an ancestor', () => {
  it('warn, since scoped keys resolve to the ancestor', () => {
    const ROOT = new Registry('root', { scope: 'same' });
    const { warnings } = captureWarnings(() => new Registry('child', { parent: ROOT, scope: 'same' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/has the scope "same" of its ancestor "root"/);
  });
});

describe('names registerModule refuses', () => {
  it('refuses a name with a dot, which a build would read as scope.Name', () => {
    const REG = new Registry('model', { scope: 'dots' });
    let error: RegistryError | undefined;
    try {
      REG.registerModule({ name: 'x.y', module: class XY {} });
    } catch (e) {
      error = e as RegistryError;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect(error?.code).toBe('INVALID_NAME');
    expect(error?.message).toBe(
      'cannot register "x.y" in the "model" registry (scope "dots"): a name cannot contain ".", because a build ' +
        'reads "x.y" as the module "y" of scope "x". Register it as "x_y".',
    );
    expect(REG.has('x.y')).toBe(false);
    expect(REG.size).toBe(0);
  });

  it('refuses a name listed twice, registering none of the names', () => {
    const REG = new Registry('model', { scope: 'twice' });
    expect(() => REG.registerModule({ name: ['A', 'B', 'B'], module: class AB {} })).toThrow(
      'cannot register class AB in the "model" registry (scope "twice"): "B" appears more than once in name ["A", "B", "B"].',
    );
    expect(REG.size).toBe(0);
  });
});
