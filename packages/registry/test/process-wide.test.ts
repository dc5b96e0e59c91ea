import { describe, expect, it, vi } from 'vitest';

describe('process-wide state', () => {
  it('is shared by two separately loaded copies of the package', async () => {
    const first = await import('../src/index');
    vi.resetModules();
    const second = await import('../src/index');
    expect(second.Registry).not.toBe(first.Registry); // really two copies of the code
    expect(second.MODELS).toBe(first.MODELS);
    expect(second.MODELS).toBeInstanceOf(first.Registry);
    expect(first.MODELS).toBeInstanceOf(second.Registry);

    const child = new second.Registry('model', { parent: first.MODELS, scope: 'copy_two' });
    class FromCopyTwo {}
    child.registerModule({ module: FromCopyTwo });
    expect(first.MODELS.get('copy_two.FromCopyTwo')).toBe(FromCopyTwo);

    first.DefaultScope.getInstance('shared-scope', { scopeName: 'copy_two' });
    expect(second.DefaultScope.getCurrentInstance()?.scopeName).toBe('copy_two');
    expect(first.MODELS.build({ type: 'FromCopyTwo' })).toBeInstanceOf(FromCopyTwo);
    second.DefaultScope.overwriteDefaultScope('eng', () => {
      expect(first.DefaultScope.getCurrentInstance()?.scopeName).toBe('eng');
    });

    // errors from one copy are recognised by the other
    let error: unknown;
    try {
      second.MODELS.build({ type: 'Missing' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(first.RegistryError);
  });
});
