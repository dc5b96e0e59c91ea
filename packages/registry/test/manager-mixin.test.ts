import { describe, expect, it } from 'vitest';
import { ManagerMixin, RegistryError } from '../src/index';
import { captureWarnings } from './helpers';

class SubClassA extends ManagerMixin {
  mark = 0;
  constructor(options: { name: string; a?: number; b?: number }) {
    super(options.name);
  }
}

class SubClassB extends ManagerMixin {
  constructor(options: { name: string }) {
    super(options);
  }
}

describe('ManagerMixin', () => {
  it('keeps its name', () => {
    expect(new ManagerMixin('name').instanceName).toBe('name');
    expect(new ManagerMixin({ name: 'from-options' }).instanceName).toBe('from-options');
  });

  it('requires a non-empty string name', () => {
    expect(() => new ManagerMixin('')).toThrow(TypeError);
    expect(() => new ManagerMixin(1 as never)).toThrow(TypeError);
  });

  it('gives every subclass its own instances, created once per name, the latest being current', () => {
    expect(() => SubClassA.getCurrentInstance()).toThrow(RegistryError);
    expect(() => SubClassA.getCurrentInstance()).toThrow(/call SubClassA.getInstance\(name\) at least once/);
    const a = SubClassA.getInstance('instance_a');
    const b = SubClassB.getInstance('instance_b');
    expect(SubClassA.checkInstanceCreated('instance_b')).toBe(false);
    expect(SubClassB.checkInstanceCreated('instance_b')).toBe(true);
    expect(a).toBeInstanceOf(SubClassA);
    expect(b).toBeInstanceOf(SubClassB);

    expect(SubClassA.getInstance('name1').instanceName).toBe('name1');
    SubClassA.getInstance('name2');
    const current = SubClassA.getCurrentInstance();
    current.mark = -1;
    expect(current.instanceName).toBe('name2');
    expect(SubClassA.getInstance('name3').instanceName).toBe('name3');
    expect(SubClassA.getCurrentInstance().instanceName).toBe('name3');
    // asking again for name2 returns the same object and does not make it current
    expect(SubClassA.getInstance('name2').mark).toBe(-1);
    expect(SubClassA.getCurrentInstance().instanceName).toBe('name3');
    expect(SubClassB.getCurrentInstance().instanceName).toBe('instance_b');
  });

  it('rejects a name that is not a string', () => {
    expect(() => SubClassA.getInstance(1 as never)).toThrow(TypeError);
  });

  it('constructs with the options and the name, and warns when options come for an existing name', () => {
    class WithOptions extends ManagerMixin {
      constructor(readonly options: { name: string; size: number }) {
        super(options.name);
      }
    }
    const first = WithOptions.getInstance('w', { size: 3 });
    expect(first.options).toEqual({ size: 3, name: 'w' });
    const { result, warnings } = captureWarnings(() => WithOptions.getInstance('w', { size: 4 }));
    expect(result).toBe(first);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WithOptions instance named "w" has already been created/);
  });

  it('shares the instances process-wide under a managerKey', () => {
    class CopyOne extends ManagerMixin {
      static override managerKey = 'test/Shared';
      constructor(options: { name: string }) {
        super(options.name);
      }
    }
    class CopyTwo extends ManagerMixin {
      static override managerKey = 'test/Shared';
      constructor(options: { name: string }) {
        super(options.name);
      }
    }
    const one = CopyOne.getInstance('shared');
    expect(CopyTwo.getInstance('shared')).toBe(one);
    expect(CopyTwo.getCurrentInstance()).toBe(one);
  });
});
