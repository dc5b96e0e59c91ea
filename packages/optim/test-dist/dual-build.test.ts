import { lastLine, packageRoot, runDualBuild } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('the built package', () => {
  it("ESM and CJS builds in one process share the registrations and accept each other's objects", () => {
    const out = runDualBuild(
      packageDir,
      `const { PARAM_SCHEDULERS, OPTIMIZERS } = await load('@eng/registry');
const { tf } = await load('@eng/tensor-gpu');
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
    expect(JSON.parse(lastLine(out))).toEqual({
      differentCode: true,
      crossInstanceof: true,
      subclassCheck: false,
      lr: { 'main.lr': [0.05] },
      registered: true,
    });
  });
});
