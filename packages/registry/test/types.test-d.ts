import { describe, expectTypeOf, it } from 'vitest';
import { DefaultScope, ManagerMixin, MODELS, Registry } from '../src/index';

class ResNet {
  constructor(readonly options: { depth: number; stages?: number }) {}
}
class Dropout {
  constructor(readonly options: { p: number }) {}
}
function makeHead(options: { classes: number }) {
  return { classes: options.classes };
}

const TYPED = new Registry<{ ResNet: typeof ResNet; Dropout: typeof Dropout; head: typeof makeHead }>('model', {
  parent: MODELS,
  scope: 'typed',
});

describe('typed registries', () => {
  it('type-checks build against the constructor options and returns the instance type', () => {
    expectTypeOf(TYPED.build({ type: 'ResNet', depth: 50 })).toEqualTypeOf<ResNet>();
    expectTypeOf(TYPED.build({ type: 'Dropout', p: 0.5, _scope_: 'typed' })).toEqualTypeOf<Dropout>();
    expectTypeOf(TYPED.build({ type: 'head', classes: 3 })).toEqualTypeOf<{ classes: number }>();
    // @ts-expect-error depth must be a number
    TYPED.build({ type: 'ResNet', depth: 'fifty' });
    // @ts-expect-error depth is required without defaultArgs
    TYPED.build({ type: 'ResNet' });
    // @ts-expect-error an unknown plain name is refused on a typed registry
    TYPED.build({ type: 'ResNt', depth: 50 });
  });

  it('accepts required options from defaultArgs', () => {
    expectTypeOf(TYPED.build({ type: 'ResNet' }, { depth: 50 })).toEqualTypeOf<ResNet>();
  });

  it('types get by name', () => {
    expectTypeOf(TYPED.get('ResNet')).toEqualTypeOf<typeof ResNet>();
    expectTypeOf(TYPED.get('other.Thing')).toEqualTypeOf<Function | undefined>();
  });

  it('still takes scoped names and classes, untyped', () => {
    expectTypeOf(TYPED.build<{ x: 1 }>({ type: 'other.Thing' })).toEqualTypeOf<{ x: 1 }>();
    expectTypeOf(TYPED.build({ type: ResNet, depth: 18 })).toEqualTypeOf<ResNet>();
  });
});

describe('untyped registries (plain JavaScript use)', () => {
  it('build returns unknown, or the requested type', () => {
    const PLAIN = new Registry('plain', { scope: 'plain' });
    expectTypeOf(PLAIN.build({ type: 'Anything', whatever: 1 })).toEqualTypeOf<unknown>();
    expectTypeOf(PLAIN.build<ResNet>({ type: 'ResNet', depth: 50 })).toEqualTypeOf<ResNet>();
    expectTypeOf(PLAIN.build({ type: ResNet, depth: 50 })).toEqualTypeOf<ResNet>();
    expectTypeOf(PLAIN.get('x')).toEqualTypeOf<Function | undefined>();
  });

  it('registerModule returns the module, or a decorator', () => {
    const PLAIN = new Registry('plain', { scope: 'plain' });
    expectTypeOf(PLAIN.registerModule({ module: ResNet })).toEqualTypeOf<typeof ResNet>();
    const decorator = PLAIN.registerModule({ name: ['a', 'b'] });
    expectTypeOf(decorator(Dropout)).toEqualTypeOf<typeof Dropout>();
  });
});

describe('managers', () => {
  it('getInstance is typed by the subclass, and DefaultScope may be undefined', () => {
    class Hub extends ManagerMixin {
      constructor(readonly options: { name: string; size: number }) {
        super(options.name);
      }
    }
    expectTypeOf(Hub.getInstance('x', { size: 1 })).toEqualTypeOf<Hub>();
    expectTypeOf(Hub.getCurrentInstance()).toEqualTypeOf<Hub>();
    // @ts-expect-error size must be a number
    Hub.getInstance('y', { size: 'big' });
    expectTypeOf(DefaultScope.getCurrentInstance()).toEqualTypeOf<DefaultScope | undefined>();
    expectTypeOf(DefaultScope.getInstance('s', { scopeName: 'eng' })).toEqualTypeOf<DefaultScope>();
  });
});

describe('root registries', () => {
  it('are untyped: build returns unknown unless asked for a type', () => {
    expectTypeOf(MODELS.build({ type: 'Anything' })).toEqualTypeOf<unknown>();
    expectTypeOf(MODELS.build<ResNet>({ type: 'ResNet', depth: 50 })).toEqualTypeOf<ResNet>();
  });
});

// A package that owns a root registry's base class fills in RootRegistryBuilds (as @eng/model does for MODELS).
class Hook {
  readonly priority = 'NORMAL';
}
declare module '../src/index' {
  interface RootRegistryBuilds {
    HOOKS: Hook;
  }
}

describe('typed root registries', () => {
  it('a root registry builds what RootRegistryBuilds says, for one config or a list, without a cast', async () => {
    const { HOOKS, LOOPS } = await import('../src/index');
    expectTypeOf(HOOKS.build({ type: 'CheckpointHook', interval: 1 })).toEqualTypeOf<Hook>();
    expectTypeOf(HOOKS.build([{ type: 'A' }, { type: 'B' }])).toEqualTypeOf<Hook>();
    expectTypeOf(HOOKS.build<{ custom: true }>({ type: 'X' })).toEqualTypeOf<{ custom: true }>();
    // a root registry nobody filled in still builds unknown
    expectTypeOf(LOOPS.build({ type: 'EpochBasedTrainLoop' })).toEqualTypeOf<unknown>();
  });
});
