import { lastLine, packageRoot, runDualBuild } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('the built package', () => {
  it('ESM and CJS builds load in one process, share MODELS, and see each other’s modules as children', () => {
    const out = runDualBuild(
      packageDir,
      `const { MODELS, WEIGHT_INITIALIZERS } = await load('@eng/registry');
const { tf } = await load('@eng/tensor-gpu');
await tf.setBackend('cpu');
const seq = MODELS.build({ type: 'Sequential', modules: [{ type: 'Linear', in_features: 2, out_features: 2 }] });
const mixed = new esm.Sequential(new cjs.Linear({ in_features: 2, out_features: 3 }), new esm.ReLU());
const names = [...mixed.namedParameters()].map(([n]) => n);
const y = mixed.forward(tf.ones([1, 2]));
const list = MODELS.build([{ type: 'Linear', in_features: 2, out_features: 2 }, { type: 'ReLU' }]);
console.log(JSON.stringify({
  differentCode: esm.Linear !== cjs.Linear,
  built: seq instanceof esm.BaseModule && seq instanceof cjs.BaseModule,
  names,
  shape: y.shape,
  initializers: ['Kaiming', 'Pretrained'].every((n) => WEIGHT_INITIALIZERS.has(n)),
  listBuildsSequential: list instanceof esm.Sequential || list instanceof cjs.Sequential,
  oneBuildFunc: MODELS.buildFunc === esm.buildModelFromCfg || MODELS.buildFunc === cjs.buildModelFromCfg,
}));
`,
    );
    expect(JSON.parse(lastLine(out))).toEqual({
      differentCode: true,
      built: true,
      names: ['0.weight', '0.bias'],
      shape: [1, 3],
      initializers: true,
      listBuildsSequential: true,
      oneBuildFunc: true,
    });
  });
});
