import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Config, defineConfig } from '../src/index';
import { loaderEngines } from '../src/loaders/engines';
import { tempDir } from './helpers';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** A project with an ES module package (with a subpath export) and a CommonJS one. */
function project(): string {
  const dir = tempDir();
  write(dir, {
    'node_modules/esm-pkg/package.json': JSON.stringify({
      name: 'esm-pkg',
      type: 'module',
      exports: { '.': { import: './index.js', require: './index.cjs' }, './extra': './extra.js' },
    }),
    'node_modules/esm-pkg/index.js':
      'export default { kind: "esm" };\nexport const named = "esm named";\nexport class Net {}\nglobalThis.__engEsmLoads = (globalThis.__engEsmLoads ?? 0) + 1;\n',
    'node_modules/esm-pkg/index.cjs': 'module.exports = { kind: "the require build" };\n',
    'node_modules/esm-pkg/extra.js': 'export const extra = 1;\n',
    'node_modules/@scope/plain/package.json': JSON.stringify({ name: '@scope/plain', main: 'lib/main.js' }),
    'node_modules/@scope/plain/lib/main.js': 'module.exports = { kind: "plain" };\n',
    'data.json': '{ "lr": 0.1, "steps": [8, 11] }',
    'config.ts': `import esm, { named as esmNamed, Net } from 'esm-pkg';
import * as esmAll from 'esm-pkg';
import { extra } from 'esm-pkg/extra';
import plain from '@scope/plain';
import data from './data.json';
import { basename } from 'node:path';
import type { EngConfig } from '@eng/config';

const net: typeof Net = Net;
export default {
  esm,
  esmNamed,
  esmKeys: Object.keys(esmAll).sort(),
  extra,
  plain,
  lr: data.lr,
  steps: data.steps,
  name: basename(__filename),
  model: { type: net },
} satisfies EngConfig;
`,
  });
  return dir;
}

describe('TS configs run on the fast path, as jiti runs them', () => {
  afterEach(() => {
    loaderEngines.modules = 'sucrase';
  });

  it('imports of ES and CommonJS packages, JSON and node builtins give what jiti gives', async () => {
    const dir = project();
    const fast = (await Config.fromFile(join(dir, 'config.ts'))).toDict();
    expect(fast).toMatchObject({
      esm: { kind: 'esm' },
      esmNamed: 'esm named',
      esmKeys: ['Net', 'default', 'named'],
      extra: 1,
      plain: { kind: 'plain' },
      lr: 0.1,
      steps: [8, 11],
      name: 'config.ts',
    });
    loaderEngines.modules = 'jiti';
    const viaJiti = (await Config.fromFile(join(project(), 'config.ts'))).toDict();
    // the class comes from each project's own copy of the package
    expect({ ...viaJiti, model: undefined }).toEqual({ ...fast, model: undefined });
  });

  it('an imported package is the instance the program imports natively', async () => {
    const dir = project();
    const cfg = await Config.fromFile(join(dir, 'config.ts'));
    const native = (await import(pathToFileURL(join(dir, 'node_modules/esm-pkg/index.js')).href)) as {
      Net: unknown;
    };
    expect(cfg.get('model.type')).toBe(native.Net);
  });

  it("`import ... from '@eng/config'` is the loading package itself, wherever the config is", async () => {
    const dir = tempDir();
    write(dir, {
      'cfg.ts': `import { defineConfig, ENG_CONFIG_KEYS } from '@eng/config';\nexport default defineConfig({ same: defineConfig, keys: ENG_CONFIG_KEYS.length });\n`,
    });
    const cfg = await Config.fromFile(join(dir, 'cfg.ts'));
    expect(cfg.get('same')).toBe(defineConfig);
    expect(cfg.get('keys')).toBeGreaterThan(10);
  });

  it('import.meta, __dirname, __filename, top-level await, named _base_ and a default export function', async () => {
    const dir = tempDir();
    write(dir, {
      'base.ts': 'export default { lr: 0.1, depth: 50 };\n',
      'cfg.mts': `import type { ConfigContext } from '@eng/config';
export const _base_ = ['./base.ts'];
const wait: number = await Promise.resolve(2);
export default function config({ base }: ConfigContext) {
  return { lr: (base.lr as number) * wait, url: import.meta.url, metaDir: import.meta.dirname, dir: __dirname, file: __filename };
}
`,
    });
    const file = join(dir, 'cfg.mts');
    expect((await Config.fromFile(file)).toDict()).toEqual({
      lr: 0.2,
      depth: 50,
      url: pathToFileURL(file).href,
      metaDir: dir,
      dir,
      file,
    });
  });

  it('a config that imports another TS file goes to jiti and loads the same', async () => {
    const dir = tempDir();
    write(dir, {
      'parts.ts': 'export const width: number = 64;\n',
      'cfg.ts': "import { width } from './parts';\nexport default { width };\n",
    });
    expect((await Config.fromFile(join(dir, 'cfg.ts'))).toDict()).toEqual({ width: 64 });
  });

  it('an unchanged config is not evaluated again; a changed one is', async () => {
    const dir = tempDir();
    const file = join(dir, 'count.ts');
    const g = globalThis as { __engFastRuns?: number };
    g.__engFastRuns = 0;
    writeFileSync(
      file,
      'const g = globalThis as { __engFastRuns: number };\ng.__engFastRuns++;\nexport default { v: 1 };\n',
    );
    await Config.fromFile(file);
    await Config.fromFile(file);
    expect(g.__engFastRuns).toBe(1);
    writeFileSync(
      file,
      'const g = globalThis as { __engFastRuns: number };\ng.__engFastRuns++;\nexport default { v: 22 };\n',
    );
    expect((await Config.fromFile(file)).get('v')).toBe(22);
    expect(g.__engFastRuns).toBe(2);
  });
});

describe('jiti keeps no transpile cache on disk', () => {
  const cacheDirs = [join(process.cwd(), 'node_modules', '.cache', 'jiti'), join(tmpdir(), 'jiti')];
  const count = () =>
    cacheDirs.reduce((n, dir) => {
      try {
        return n + readdirSync(dir).length;
      } catch {
        return n;
      }
    }, 0);

  it('loading many distinct TS configs through jiti writes no file', async () => {
    const before = count();
    for (let i = 0; i < 20; i++) {
      const dir = tempDir();
      write(dir, {
        'part.ts': `export const i: number = ${i};\n`,
        [`cfg_${i}.ts`]: "import { i } from './part';\nexport default { i };\n",
      });
      expect((await Config.fromFile(join(dir, `cfg_${i}.ts`))).get('i')).toBe(i);
    }
    expect(count()).toBe(before);
  });
});
