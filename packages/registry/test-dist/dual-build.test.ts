import { packageRoot, runDualBuild } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('the ESM and CJS builds loaded in one process', () => {
  it('share the root registries, the default scope and async scope overrides', () => {
    const out = runDualBuild(
      packageDir,
      `const out = {};
out.differentCode = esm.Registry !== cjs.Registry;
out.sameRoots = esm.MODELS === cjs.MODELS && esm.HOOKS === cjs.HOOKS && esm.FUNCTIONS === cjs.FUNCTIONS;
out.crossInstanceof = esm.MODELS instanceof cjs.Registry && cjs.MODELS instanceof esm.Registry;
const det = new cjs.Registry('model', { parent: esm.MODELS, scope: 'det' });
det.registerModule({ name: 'Detector', module: class Detector {} });
out.lookup = esm.MODELS.get('det.Detector')?.name;
esm.initDefaultScope('det');
out.defaultScope = cjs.DefaultScope.getCurrentInstance()?.scopeName;
out.builtThroughDefaultScope = cjs.MODELS.build({ type: 'Detector' }).constructor.name;
out.overrides = await Promise.all(['a', 'b'].map((s, i) =>
  esm.DefaultScope.overwriteDefaultScope(s, async () => {
    await new Promise((r) => setTimeout(r, 10 - i * 5));
    return cjs.DefaultScope.getCurrentInstance()?.scopeName;
  })));
try { cjs.MODELS.build({ type: 'Detectr' }); } catch (e) { out.errorRecognised = e instanceof esm.RegistryError; out.hint = /Did you mean "Detector"/.test(e.message); }
console.log(JSON.stringify(out));
`,
    );
    expect(JSON.parse(out)).toEqual({
      differentCode: true,
      sameRoots: true,
      crossInstanceof: true,
      lookup: 'Detector',
      defaultScope: 'det',
      builtThroughDefaultScope: 'Detector',
      overrides: ['a', 'b'],
      errorRecognised: true,
      hint: true,
    });
  });
});
