import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, importAllLocations, Registry, RegistryError } from '../src/index';

describe('locations', () => {
  it('imports every location once, before building, and names pending locations in errors', async () => {
    const fixtureA = fileURLToPath(new URL('./fixtures/location-a.ts', import.meta.url));
    const LOCATED = new Registry('located', {
      parent: FUNCTIONS,
      scope: 'located',
      locations: [fixtureA, () => import('./fixtures/location-b')],
    });
    expect(LOCATED.imported).toBe(false);
    let error: unknown;
    try {
      LOCATED.build({ type: 'fromSpecifier', x: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(/The locations of located::located have not been imported/);

    await Promise.all([LOCATED.importFromLocation(), LOCATED.importFromLocation()]);
    await LOCATED.importFromLocation();
    expect(LOCATED.imported).toBe(true);
    expect((globalThis as { locationAImports?: number }).locationAImports).toBe(1);
    expect(LOCATED.build({ type: 'fromSpecifier', x: 21 })).toBe(42);
    expect(LOCATED.build({ type: 'fromThunk' })).toBe('thunk');

    // the module imported above created a child with its own locations: importAllLocations walks until none is left
    const LATE = LOCATED.children.get('late_child')!;
    expect(LATE.imported).toBe(false);
    await importAllLocations(FUNCTIONS);
    expect(LATE.imported).toBe(true);
    expect(FUNCTIONS.get('located.late_child.fromLateChild')).toBeTypeOf('function');
  });

  it('resolves relative specifiers against the file that created the registry', async () => {
    const RELATIVE = new Registry('relative', {
      parent: FUNCTIONS,
      scope: 'relative_locations',
      locations: ['./fixtures/location-relative.ts'],
    });
    await RELATIVE.importFromLocation();
    expect(RELATIVE.build({ type: 'fromRelative' })).toBe('relative');
  });

  it('lets a failed import be retried', async () => {
    let attempts = 0;
    const FLAKY = new Registry('flaky', {
      scope: 'flaky',
      locations: [
        async () => {
          attempts++;
          if (attempts === 1) throw new Error('network down');
        },
      ],
    });
    await expect(FLAKY.importFromLocation()).rejects.toThrow('network down');
    expect(FLAKY.imported).toBe(false);
    await FLAKY.importFromLocation();
    expect(FLAKY.imported).toBe(true);
    expect(attempts).toBe(2);
  });

  it('checks the locations option', () => {
    expect(() => new Registry('bad', { scope: 'bad', locations: 'x' as never })).toThrow(TypeError);
    expect(() => new Registry('bad', { scope: 'bad', locations: [1] as never })).toThrow(TypeError);
  });
});
