import { lastLine, packageRoot, runDualBuild } from '@eng/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = packageRoot(import.meta.url);

describe('the built package', () => {
  it('ESM and CJS builds load in one process and recognise each other’s data elements as BaseDataElements', () => {
    const out = runDualBuild(
      packageDir,
      `const { tf } = await load('@eng/tensor-gpu');
await tf.setBackend('cpu');
const el = new cjs.BaseDataElement({ a: 1 });
const inst = new esm.InstanceData({ scores: tf.tensor1d([0.5, 0.9]) });
console.log(JSON.stringify({
  differentCode: esm.BaseDataElement !== cjs.BaseDataElement,
  element: el instanceof esm.BaseDataElement,
  instance: inst instanceof cjs.BaseDataElement,
}));
`,
    );
    expect(JSON.parse(lastLine(out))).toEqual({ differentCode: true, element: true, instance: true });
  });
});
