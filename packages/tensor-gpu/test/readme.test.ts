import { join } from 'node:path';
import { describeReadme, freshDir, packageRoot } from '@eng/test-utils';
import { afterAll, expect } from 'vitest';
import { restoreMathRandom } from '../src/index';

// The example seeds Math.random for the whole process; give it back to the other tests of this file.
afterAll(() => restoreMathRandom());

// Runs every example of README.md as written, on the CPU backend (ENG_BACKEND overrides initBackend's order), with
// the safetensors file in a fresh directory instead of /tmp.
describeReadme(packageRoot(import.meta.url), {
  options: () => ({
    env: { ENG_BACKEND: 'cpu' },
    replace: [['/tmp/eng-demo.safetensors', join(freshDir('tensor-gpu-readme'), 'demo.safetensors')]],
  }),
  after: (_block, { printed }) => {
    const lines = printed.trim().split('\n');
    // initBackend logs what it chose and why; the device line has the format the comment shows
    expect(lines[0]).toMatch(/ - eng - INFO - \[tensor-gpu\] backend 'cpu' \(from ENG_BACKEND\)$/);
    expect(lines[1]).toMatch(/^backend cpu \(.+\) · 0 tensors, 0\.0 MB$/);
    // three iterations print their loss; the file reads back with its metadata
    expect(lines.slice(2, 5).map((l) => l.split(' ')[0])).toEqual(['0', '1', '2']);
    expect(lines[5]).toMatch(/^\[ 784, 10 \] \{ format: 'pt' \} \d+$/);
  },
});
