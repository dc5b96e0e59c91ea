import { describeReadme, packageRoot } from '@eng/test-utils';
import { expect } from 'vitest';
import { BaseModule, Sequential } from '../src/index';

// Runs every example of README.md as written (on the CPU backend, as test/setup.ts sets) and checks its `// →`
// comments, then what its other comments say in words.
describeReadme(packageRoot(import.meta.url), {
  after: (_block, { bindings }) => {
    if (!('logVars' in bindings)) return; // the errors example states its results in its `// →` comments
    const { logVars, preds, mlp, head } = bindings as {
      logVars: Record<string, number>;
      preds: { keys(): string[] }[];
      mlp: Sequential;
      head: unknown;
    };
    // a training step returns the losses as numbers, a random 10-class model starting near ln(10)
    expect(Object.keys(logVars)).toEqual(['loss']);
    expect(logVars.loss).toBeGreaterThan(1.5);
    expect(logVars.loss).toBeLessThan(3.5);
    expect(preds).toHaveLength(8);
    expect(preds[0]?.keys().sort()).toEqual(['gt_label', 'pred_label', 'pred_score']);
    expect(mlp).toBeInstanceOf(Sequential);
    expect([...mlp.namedChildren()].map(([name]) => name)).toEqual(['0', '1', '2']);
    expect(head).toBeInstanceOf(BaseModule);
  },
});
