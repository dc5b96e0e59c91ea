import { describeReadme, packageRoot } from '@eng/test-utils';
import { expect } from 'vitest';
import type { OptimWrapper } from '../src/index';

// Runs the README's example as written (on the CPU backend, as test/setup.ts sets) and checks its `// →` comments.
describeReadme(packageRoot(import.meta.url), {
  after: (_block, { bindings }) => {
    const { wrapper } = bindings as { wrapper?: OptimWrapper };
    if (wrapper === undefined) return; // an example that shows an error builds no wrapper

    // paramwise_cfg: the backbone's weight and bias at a tenth of the base rate, the norm layer's at the base rate
    expect(wrapper.getLr()).toEqual({ lr: [1e-4, 1e-4, 1e-3, 1e-3], base_lr: [1e-3] });
  },
});
