import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eng-optim-dist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built package', () => {
  it("ESM and CJS builds in one process share the registrations and accept each other's objects", () => {
    const script = join(dir, 'dual.mjs');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
const esm = await import(${JSON.stringify(join(distDir, 'index.js'))});
const cjs = createRequire(import.meta.url)(${JSON.stringify(join(distDir, 'index.cjs'))});
const { PARAM_SCHEDULERS, OPTIMIZERS } = await import(createRequire(${JSON.stringify(join(distDir, 'index.js'))}).resolve('@eng/registry'));
const { tf } = await import(createRequire(${JSON.stringify(join(distDir, 'index.js'))}).resolve('@eng/tensor-gpu'));
await tf.setBackend('cpu');
const v = tf.variable(tf.zeros([2]));
const optimizer = new esm.SGD([v], { lr: 0.1, momentum: 0.9 });
const wrapper = new cjs.OptimWrapper({ optimizer });
const scheduler = PARAM_SCHEDULERS.build({ type: 'StepLR', step_size: 1, gamma: 0.5, convert_to_iter_based: true }, { optimizer: wrapper, epoch_length: 2 });
scheduler.step(); scheduler.step();
const dict = new esm.OptimWrapperDict({ main: wrapper });
console.log(JSON.stringify({
  differentCode: esm.SGD !== cjs.SGD,
  crossInstanceof: optimizer instanceof cjs.Optimizer && wrapper instanceof esm.OptimWrapper,
  subclassCheck: optimizer instanceof cjs.Adam,
  lr: dict.getLr(),
  registered: OPTIMIZERS.has('AdamW') && PARAM_SCHEDULERS.has('ReduceOnPlateauMomentum'),
}));
`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({
      differentCode: true,
      crossInstanceof: true,
      subclassCheck: false,
      lr: { 'main.lr': [0.05] },
      registered: true,
    });
  });
});
