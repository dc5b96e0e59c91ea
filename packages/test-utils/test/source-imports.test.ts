import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteEngImports, sourceEntry } from '../src/source-imports';

// The monorepo's registry package: it has a "." and a "./test" entry with @eng/source conditions.
const packages = new URL('../..', import.meta.url).pathname;
const registry = join(packages, 'registry');
const logging = join(packages, 'logging');

describe('sourceEntry', () => {
  it('gives the @eng/source file of an entry of the package itself or of a dependency', () => {
    expect(sourceEntry(registry, '@eng/registry')).toBe(join(registry, 'src/index.ts'));
    expect(sourceEntry(registry, '@eng/registry/test')).toBe(join(registry, 'src/test/index.ts'));
    expect(sourceEntry(logging, '@eng/registry')).toBe(join(registry, 'src/index.ts'));
  });

  it('refuses a package that is not a dependency', () => {
    expect(() => sourceEntry(registry, '@eng/model')).toThrow(/@eng\/model is not a dependency/);
  });
});

describe('rewriteEngImports', () => {
  it('rewrites static, side-effect and dynamic imports, and nothing else', () => {
    const code = `import { A } from '@eng/registry';
import '@eng/registry';
const m = await import("@eng/registry");
declare module '@eng/registry' {}
`;
    const entry = JSON.stringify(join(registry, 'src/index.ts'));
    expect(rewriteEngImports(code, registry)).toBe(`import { A } from ${entry};
import ${entry};
const m = await import(${entry});
declare module '@eng/registry' {}
`);
  });
});
