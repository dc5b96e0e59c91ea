import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rewriteEngImports, sourceEntry } from '../src/source-imports';
import { freshDir } from '../src/temp-dir';

// A package @eng/demo with a "." and a "./test" entry, and a dependency @eng/dep installed in its node_modules.
let demo: string;
let dep: string;

function writePackage(dir: string, manifest: object): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
}

beforeAll(() => {
  demo = join(freshDir('source-imports'), 'demo');
  dep = join(demo, 'node_modules', '@eng', 'dep');
  const entry = (name: string) => ({
    '@eng/source': `./src/${name}.ts`,
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
  });
  writePackage(demo, { name: '@eng/demo', exports: { '.': entry('index'), './test': entry('test/index') } });
  writePackage(dep, { name: '@eng/dep', exports: { '.': entry('index') } });
});

describe('sourceEntry', () => {
  it('gives the @eng/source file of an entry of the package itself or of a dependency', () => {
    expect(sourceEntry(demo, '@eng/demo')).toBe(join(demo, 'src/index.ts'));
    expect(sourceEntry(demo, '@eng/demo/test')).toBe(join(demo, 'src/test/index.ts'));
    expect(sourceEntry(demo, '@eng/dep')).toBe(join(dep, 'src/index.ts'));
  });

  it('refuses a package that is not a dependency, and an entry that does not exist', () => {
    expect(() => sourceEntry(demo, '@eng/model')).toThrow(/@eng\/model is not a dependency/);
    expect(() => sourceEntry(demo, '@eng/dep/test')).toThrow(/@eng\/dep has no "\.\/test" entry/);
  });
});

describe('rewriteEngImports', () => {
  it('rewrites static, side-effect and dynamic imports, and nothing else', () => {
    const code = `import { A } from '@eng/demo';
import '@eng/dep';
const m = await import("@eng/demo/test");
declare module '@eng/demo' {}
`;
    const path = (p: string) => JSON.stringify(p);
    expect(rewriteEngImports(code, demo)).toBe(`import { A } from ${path(join(demo, 'src/index.ts'))};
import ${path(join(dep, 'src/index.ts'))};
const m = await import(${path(join(demo, 'src/test/index.ts'))});
declare module '@eng/demo' {}
`);
  });
});
