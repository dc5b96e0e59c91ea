import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eng-model-dist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built package', () => {
  it('ESM and CJS builds load in one process, share MODELS, and see each other’s modules as children', () => {
    const script = join(dir, 'dual.mjs');
    const esmEntry = JSON.stringify(join(distDir, 'index.js'));
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
const esm = await import(${esmEntry});
const cjs = createRequire(import.meta.url)(${JSON.stringify(join(distDir, 'index.cjs'))});
const { MODELS, WEIGHT_INITIALIZERS } = await import(createRequire(${esmEntry}).resolve('@eng/registry'));
const { tf } = await import(createRequire(${esmEntry}).resolve('@eng/tensor-gpu'));
await tf.setBackend('cpu');
const seq = MODELS.build({ type: 'Sequential', modules: [{ type: 'Linear', in_features: 2, out_features: 2 }] });
const mixed = new esm.Sequential(new cjs.Linear({ in_features: 2, out_features: 3 }), new esm.ReLU());
const names = [...mixed.namedParameters()].map(([n]) => n);
const y = mixed.forward(tf.ones([1, 2]));
const el = new cjs.BaseDataElement({ a: 1 });
const list = MODELS.build([{ type: 'Linear', in_features: 2, out_features: 2 }, { type: 'ReLU' }]);
console.log(JSON.stringify({
  differentCode: esm.Linear !== cjs.Linear,
  built: seq instanceof esm.BaseModule && seq instanceof cjs.BaseModule,
  names,
  shape: y.shape,
  element: el instanceof esm.BaseDataElement,
  initializers: ['Kaiming', 'Pretrained'].every((n) => WEIGHT_INITIALIZERS.has(n)),
  listBuildsSequential: list instanceof esm.Sequential || list instanceof cjs.Sequential,
  oneBuildFunc: MODELS.buildFunc === esm.buildModelFromCfg || MODELS.buildFunc === cjs.buildModelFromCfg,
}));
`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({
      differentCode: true,
      built: true,
      names: ['0.weight', '0.bias'],
      shape: [1, 3],
      element: true,
      initializers: true,
      listBuildsSequential: true,
      oneBuildFunc: true,
    });
  });
});
