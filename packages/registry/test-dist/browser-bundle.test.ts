import { bundleForBrowser, nodeImports, packageRoot, runBundle } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('a browser bundle of @eng/registry', () => {
  it('contains no node: import, uses the stack scope store, and works', async () => {
    const bundle = await bundleForBrowser(
      packageDir,
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
    // no Node built-in, by node: specifier or bare name (fs, path, url, async_hooks...)
    expect(nodeImports(bundle.code)).toEqual([]);
    expect(bundle.code).not.toContain('AsyncLocalStorage');
    expect(bundle.code).toContain('createStackScopeStore');
    // the bundle has no Node imports, so Node can run it too, with process.getBuiltinModule hidden as in a browser
    expect(JSON.parse(runBundle(bundle))).toEqual({
      scope: 'eng',
      warned: 1,
      inside: 'web',
      net: 'Net',
      saveError: 'countRegisteredModules({ savePath }) needs a file system; it is not available in this runtime',
    });
  });
});
