import { describeReadme, freshDir, packageRoot } from '@eng/test-utils';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
});

// Runs every example of README.md as written and checks its `// →` comments: the first one writes to a fresh
// directory instead of /tmp/eng-demo, and its HTTP read is answered by a stub (tests do not use the network).
describeReadme(packageRoot(import.meta.url), {
  options: () => {
    vi.stubGlobal('fetch', async () => new Response('# MMEngine\n'));
    return { replace: [['/tmp/eng-demo', freshDir('fileio-readme')]] };
  },
});
