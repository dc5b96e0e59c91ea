import { describeReadme, freshDir, packageRoot } from '@eng/test-utils';
import { expect } from 'vitest';

// Runs every example of README.md as written and checks its `// →` comments; the log file goes to a fresh
// directory instead of /tmp/eng-demo.
const readme = describeReadme(packageRoot(import.meta.url), {
  options: () => ({ replace: [['/tmp/eng-demo', freshDir('logging-readme')]], env: { RANK: undefined } }),
  after: (block, { printed }) => {
    // the first example logs the line its comment shows (the time stamp aside)
    if (block === readme.examples[0]) {
      expect(printed).toContain(
        ' - eng - INFO - Epoch(train) [1][10/25]  lr: 1.0000e-02  eta: 0:00:00  time: 0.0019  data_time: 0.0004  loss: 0.2929\n',
      );
    }
  },
});
