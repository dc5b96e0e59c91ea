import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked, packageRoot, packPackage, runNode, tarballFiles } from '@eng/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);
let tarball: string;

/** A project with the packed tarball installed by npm (offline: the package has no dependencies). */
const installInto = (name: string) => installPacked(tarball, name);

beforeAll(() => {
  tarball = packPackage(packageDir);
}, 120_000);

describe('the packed package, installed with npm', () => {
  it('ships no tests, and works with import and require', () => {
    const listing = tarballFiles(tarball);
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/platform/node.cjs');
    // no test files and no test folders (dist/test and src/test are the published `./test` subpath)
    expect(listing.filter((f) => /\.test(-d)?\.ts$|\/test-dist\/|^package\/test\//.test(f))).toEqual([]);

    const app = installInto('app');
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { MODELS, Registry, buildFromCfg } from '@eng/registry';
const LOCAL = new Registry('model', { parent: MODELS });
LOCAL.registerModule({ module: class Net { constructor(o) { this.o = o; } } });
const net = MODELS.build({ type: LOCAL.scope + '.Net', width: 2 });
console.log(JSON.stringify({ scope: LOCAL.scope, width: net.o.width, fn: typeof buildFromCfg }));
`,
    );
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { HOOKS, DefaultScope } = require('@eng/registry');
DefaultScope.getInstance('x', { scopeName: 'eng' });
console.log(JSON.stringify({ hooks: HOOKS.name, scope: DefaultScope.getCurrentInstance().scopeName }));
`,
    );
    expect(JSON.parse(runNode(app, 'esm.mjs'))).toEqual({ scope: 'app', width: 2, fn: 'function' });
    expect(JSON.parse(runNode(app, 'cjs.cjs'))).toEqual({ hooks: 'hook', scope: 'eng' });
  });

  it('shares one registry tree and default scope between two installed copies in one process', () => {
    const one = installInto('one');
    const two = installInto('two');
    writeFileSync(
      join(one, 'both.mjs'),
      `import { createRequire } from 'node:module';
const a = await import(${JSON.stringify(join(one, 'node_modules/@eng/registry/dist/index.js'))});
const b = createRequire(${JSON.stringify(join(two, 'package.json'))})('@eng/registry');
const child = new b.Registry('model', { parent: a.MODELS, scope: 'two' });
child.registerModule({ name: 'FromTwo', module: class FromTwo {} });
a.DefaultScope.getInstance('scope-one', { scopeName: 'two' });
const built = a.MODELS.build({ type: 'FromTwo' });
console.log(JSON.stringify({
  differentCode: a.Registry !== b.Registry,
  sameModels: a.MODELS === b.MODELS,
  scopeInTwo: b.DefaultScope.getCurrentInstance().scopeName,
  built: built.constructor.name,
}));
`,
    );
    expect(JSON.parse(runNode(one, 'both.mjs'))).toEqual({
      differentCode: true,
      sameModels: true,
      scopeInTwo: 'two',
      built: 'FromTwo',
    });
  });

  it('builds across an MMDetection / MMClassification style hierarchy of two packages', () => {
    const app = installInto('hierarchy');
    const pkg = (name: string, files: Record<string, string>) => {
      const dir = join(app, 'node_modules', '@acme', name);
      mkdirSync(join(dir, 'models'), { recursive: true });
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: `@acme/${name}`, type: 'module', main: 'index.js' }),
      );
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    };
    pkg('cls', {
      'index.js': `import { MODELS as ENG_MODELS, Registry } from '@eng/registry';
export const MODELS = new Registry('model', { parent: ENG_MODELS, locations: ['./models/net-b.js'] });
`,
      'models/net-b.js': `import { MODELS } from '../index.js';
MODELS.registerModule({ module: class NetB { constructor(o) { this.options = o; } } });
`,
    });
    pkg('det', {
      'index.js': `import { MODELS as ENG_MODELS, Registry } from '@eng/registry';
export const MODELS = new Registry('model', { parent: ENG_MODELS });
MODELS.registerModule({ module: class NetA { constructor(o) { this.options = o; } } });
`,
    });
    writeFileSync(
      join(app, 'main.mjs'),
      `import { DefaultScope, importAllLocations, initDefaultScope, MODELS as ENG_MODELS } from '@eng/registry';
import { MODELS as CLS } from '@acme/cls';
import { MODELS as DET } from '@acme/det';
const name = (x) => x.constructor.name;
const out = { scopes: [CLS.scope, DET.scope], children: [...ENG_MODELS.children.keys()] };
try { DET.build({ type: 'cls.NetB' }); } catch (e) { out.beforeImport = e.code; }
await importAllLocations();
out.own = name(DET.build({ type: 'NetA' }));
out.sibling = name(DET.build({ type: 'cls.NetB' }));
out.fromRoot = name(ENG_MODELS.build({ type: 'det.NetA' }));
out.withScope = name(ENG_MODELS.build({ type: 'NetB', _scope_: 'cls' }));
out.rootCannot = (() => { try { ENG_MODELS.build({ type: 'NetA' }); } catch (e) { return e.code; } })();
initDefaultScope('det');
out.defaultScope = name(ENG_MODELS.build({ type: 'NetA', depth: 1 }));
out.current = DefaultScope.getCurrentInstance().scopeName;
console.log(JSON.stringify(out));
`,
    );
    expect(JSON.parse(runNode(app, 'main.mjs'))).toEqual({
      scopes: ['cls', 'det'],
      children: ['cls', 'det'],
      beforeImport: 'UNKNOWN_TYPE',
      own: 'NetA',
      sibling: 'NetB',
      fromRoot: 'NetA',
      withScope: 'NetB',
      rootCannot: 'UNKNOWN_TYPE',
      defaultScope: 'NetA',
      current: 'det',
    });
  });
});
