import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { freshDir, packageDir, runNode } from './helpers';

describe('a browser bundle of @eng/registry', () => {
  it('contains no node: import, uses the stack scope store, and works', async () => {
    const dir = freshDir('browser');
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import { MODELS, Registry, DefaultScope, countRegisteredModules } from '@eng/registry';
const warnings = [];
const originalWarn = console.warn;
console.warn = (m) => warnings.push(m);
const APP = new Registry('model', { parent: MODELS });
console.warn = originalWarn;
const WEB = new Registry('model', { parent: MODELS, scope: 'web' });
WEB.registerModule({ name: 'Net', module: class Net {} });
const inside = DefaultScope.overwriteDefaultScope('web', () => DefaultScope.getCurrentInstance().scopeName);
const net = MODELS.build({ type: 'Net', _scope_: 'web' });
let saveError = '';
try { countRegisteredModules({ savePath: '/x', verbose: false }); } catch (e) { saveError = e.message; }
console.log(JSON.stringify({ scope: APP.scope, warned: warnings.filter((w) => /could not be inferred/.test(w)).length, inside, net: net.constructor.name, saveError }));
`,
    );
    const outfile = join(dir, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      nodePaths: [join(packageDir, '..')],
      alias: { '@eng/registry': packageDir },
    });
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']node:/);
    expect(code).not.toMatch(/require\(["'](fs|path|url|async_hooks)["']\)/);
    expect(code).not.toContain('AsyncLocalStorage');
    expect(code).toContain('createStackScopeStore');
    // the bundle has no Node imports, so Node can run it too
    expect(JSON.parse(runNode(dir, outfile))).toEqual({
      scope: 'eng',
      warned: 1,
      inside: 'web',
      net: 'Net',
      saveError: 'countRegisteredModules({ savePath }) needs a file system; it is not available in this runtime',
    });
  });
});
