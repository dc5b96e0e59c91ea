import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DefaultScope, initDefaultScope, Registry } from '../src/index';
import { createStackScopeStore } from '../src/scope-store/stack';
import { captureWarnings, resetDefaultScopes } from './helpers';

beforeEach(() => resetDefaultScopes());
afterEach(() => resetDefaultScopes());

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that resolves it (Promise.withResolvers needs Node 22). */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('DefaultScope', () => {
  it('holds a scope name', () => {
    const scope = DefaultScope.getInstance('name1', { scopeName: 'mmdet' });
    expect(scope.scopeName).toBe('mmdet');
    expect(scope.instanceName).toBe('name1');
    expect(() => DefaultScope.getInstance('name2', {} as never)).toThrow(TypeError);
    expect(() => DefaultScope.getInstance('name3')).toThrow(/scopeName should be a string/);
  });

  it('returns undefined as current instance when none exists', () => {
    expect(DefaultScope.getCurrentInstance()).toBeUndefined();
    DefaultScope.getInstance('instance_name', { scopeName: 'eng' });
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('eng');
  });

  it('overwrites the default scope for a callback only', () => {
    const origin = DefaultScope.getInstance('test_overwrite_default_scope', { scopeName: 'origin_scope' });
    DefaultScope.overwriteDefaultScope(undefined, () => {
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('origin_scope');
    });
    const result = DefaultScope.overwriteDefaultScope('test_overwrite', () => {
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('test_overwrite');
      return 42;
    });
    expect(result).toBe(42);
    expect(DefaultScope.getCurrentInstance()).toBe(origin);
    // sequential and nested overwrites
    DefaultScope.overwriteDefaultScope('test_overwrite', () => {});
    DefaultScope.overwriteDefaultScope('test_overwrite', () => {});
    DefaultScope.overwriteDefaultScope('a', () =>
      DefaultScope.overwriteDefaultScope('b', () => {
        expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('b');
      }),
    );
    expect(DefaultScope.getCurrentInstance()).toBe(origin);
    // overwrites do not create named instances
    expect(DefaultScope.checkInstanceCreated('test_overwrite')).toBe(false);
  });

  it('lets an instance created inside an overwrite win until the callback ends', () => {
    DefaultScope.getInstance('outer', { scopeName: 'outer' });
    DefaultScope.overwriteDefaultScope('temporary', () => {
      DefaultScope.getInstance('created-inside', { scopeName: 'inside' });
      expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('inside');
    });
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('inside');
  });

  it('keeps concurrent async callbacks apart, awaits included', async () => {
    DefaultScope.getInstance('base', { scopeName: 'base' });
    const seen: string[] = [];
    const task = (scope: string, delay: number) =>
      DefaultScope.overwriteDefaultScope(scope, async () => {
        seen.push(`${scope}:start:${DefaultScope.getCurrentInstance()?.scopeName}`);
        await tick(delay);
        seen.push(`${scope}:after-await:${DefaultScope.getCurrentInstance()?.scopeName}`);
        await tick(delay);
        return DefaultScope.getCurrentInstance()?.scopeName;
      });
    const results = await Promise.all([task('mmdet', 5), task('mmcls', 1), task('mmseg', 3)]);
    expect(results).toEqual(['mmdet', 'mmcls', 'mmseg']);
    for (const entry of seen) {
      const [scope, , current] = entry.split(':');
      expect(current).toBe(scope);
    }
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('base');
  });

  it('keeps an override when a concurrent task creates a default scope, and an instance created inside to its task', async () => {
    DefaultScope.getInstance('base', { scopeName: 'base' });
    const seen: { det: Array<string | undefined>; seg: Array<string | undefined> } = { det: [], seg: [] };
    // Explicit gates instead of timers: the interleaving must not depend on how loaded the machine is.
    const runnerCreated = gate();
    const detCreated = gate();
    const segSaw = gate();
    const det = DefaultScope.overwriteDefaultScope('mmdet', async () => {
      await runnerCreated.promise;
      seen.det.push(DefaultScope.getCurrentInstance()?.scopeName); // after the runner below created "mmcls"
      DefaultScope.getInstance('created-by-det', { scopeName: 'det-inner' });
      seen.det.push(DefaultScope.getCurrentInstance()?.scopeName);
      detCreated.resolve();
      await segSaw.promise;
      seen.det.push(DefaultScope.getCurrentInstance()?.scopeName);
    });
    const seg = DefaultScope.overwriteDefaultScope('mmseg', async () => {
      await detCreated.promise;
      seen.seg.push(DefaultScope.getCurrentInstance()?.scopeName); // after det created its own instance
      segSaw.resolve();
    });
    const runner = (async () => {
      await tick(1);
      initDefaultScope('mmcls'); // a runner constructed concurrently, outside any override
      runnerCreated.resolve();
    })();
    await Promise.all([det, seg, runner]);
    expect(seen).toEqual({ det: ['mmdet', 'det-inner', 'det-inner'], seg: ['mmseg'] });
    // outside every override, the latest created instance is current, as in MMEngine
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('det-inner');
  });

  it('ends the overwrite when the callback throws or rejects', async () => {
    expect(() =>
      DefaultScope.overwriteDefaultScope('x', () => {
        throw new Error('fail');
      }),
    ).toThrow('fail');
    expect(DefaultScope.getCurrentInstance()).toBeUndefined();
    await expect(
      DefaultScope.overwriteDefaultScope('y', async () => {
        await tick();
        throw new Error('async fail');
      }),
    ).rejects.toThrow('async fail');
    expect(DefaultScope.getCurrentInstance()).toBeUndefined();
  });

  it('rejects a scope name that is not a string', () => {
    expect(() => DefaultScope.overwriteDefaultScope(3 as never, () => 1)).toThrow(TypeError);
  });
});

describe('initDefaultScope', () => {
  it('creates the default scope, and forces it with a warning when another one is current', () => {
    initDefaultScope('mmdet');
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('mmdet');
    expect(captureWarnings(() => initDefaultScope('mmdet')).warnings).toEqual([]);
    DefaultScope.getInstance(`test-${Date.now()}`, { scopeName: 'test' });
    const { warnings } = captureWarnings(() => initDefaultScope('mmdet'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/The current default scope "test" is not "mmdet"/);
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('mmdet');
  });

  it('creates an instance named after a scope seen for the first time', () => {
    DefaultScope.getInstance('other', { scopeName: 'other' });
    initDefaultScope('mmcls');
    expect(DefaultScope.checkInstanceCreated('mmcls')).toBe(true);
    expect(DefaultScope.getCurrentInstance()?.scopeName).toBe('mmcls');
  });
});

describe('switchScopeAndRegistry in concurrent tasks', () => {
  it('builds each task in its own scope across awaits', async () => {
    const ROOT = new Registry('model', { scope: 'concurrent_root' });
    const A = new Registry('model', { parent: ROOT, scope: 'task_a' });
    const B = new Registry('model', { parent: ROOT, scope: 'task_b' });
    class Head {}
    class HeadA extends Head {}
    class HeadB extends Head {}
    A.registerModule({ name: 'Head', module: HeadA });
    B.registerModule({ name: 'Head', module: HeadB });
    const task = (scope: string, delay: number) =>
      ROOT.switchScopeAndRegistry(scope, async () => {
        await tick(delay);
        // a build anywhere in the tree resolves in the task's scope
        return ROOT.build({ type: 'Head' });
      });
    const [a, b] = await Promise.all([task('task_a', 6), task('task_b', 1)]);
    expect(a).toBeInstanceOf(HeadA);
    expect(b).toBeInstanceOf(HeadB);
  });
});

describe('the stack scope store (browser fallback)', () => {
  it('pops a frame when its callback returns, throws, or its promise settles, even out of order', async () => {
    const store = createStackScopeStore<string>();
    expect(store.current()).toBeUndefined();
    expect(store.run('sync', () => store.current())).toBe('sync');
    expect(store.current()).toBeUndefined();
    expect(() =>
      store.run('throws', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(store.current()).toBeUndefined();

    let releaseFirst!: () => void;
    const first = store.run('first', () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const second = store.run('second', () => tick(1));
    expect(store.current()).toBe('second');
    await second;
    expect(store.current()).toBe('first');
    releaseFirst();
    await first;
    expect(store.current()).toBeUndefined();
    const rejected = store.run('rejects', () => Promise.reject(new Error('no')));
    await expect(rejected).rejects.toThrow('no');
    expect(store.current()).toBeUndefined();
  });
});
