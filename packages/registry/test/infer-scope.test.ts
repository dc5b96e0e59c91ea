import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from '../src/index';
import { scopeFromPackageName } from '../src/infer-scope';
import { platform as browserPlatform } from '../src/platform/browser';
import { captureWarningsAsync } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes a module that creates a registry (with the Registry class it is given) into `dir` and runs it. */
async function createRegistryFrom(dir: string): Promise<Registry> {
  const file = join(dir, 'lib', 'registry.mjs');
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(file, 'export default function make(Registry) { return new Registry("model"); }\n');
  const mod = await import(/* @vite-ignore */ pathToFileURL(file).href);
  return mod.default(Registry);
}

describe('scope inference', () => {
  it('strips an npm @org/ prefix and keeps keys splittable', () => {
    expect(scopeFromPackageName('@acme/det-kit')).toBe('det-kit');
    expect(scopeFromPackageName('mmdet')).toBe('mmdet');
    expect(scopeFromPackageName('lodash.merge')).toBe('lodash_merge');
  });

  it("uses the nearest package.json name above the caller's file, skipping nameless ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-infer-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@acme/det-kit' }));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'package.json'), JSON.stringify({ type: 'module' }));
    const { result, warnings } = await captureWarningsAsync(() => createRegistryFrom(dir));
    expect(result.scope).toBe('det-kit');
    expect(warnings).toEqual([]);
  });

  it('falls back to "eng" with a warning outside any package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eng-infer-'));
    dirs.push(dir);
    const { result, warnings } = await captureWarningsAsync(() => createRegistryFrom(dir));
    expect(result.scope).toBe('eng');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be inferred.*new Registry\('model', \{ scope: 'toy' \}\)/);
  });

  it('cannot read package.json in a browser, so the browser platform never infers', () => {
    expect(browserPlatform.nearestPackageName('/home/user/project/packages/registry/src/index.ts')).toBeUndefined();
    expect(browserPlatform.createScopeStore().kind).toBe('stack');
  });
});
