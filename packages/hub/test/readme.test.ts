import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadme, packageRoot } from '@eng/test-utils';

// Runs every example of README.md as written, in the downstream example package toycls (its build: getModel imports
// the package as a user's project would), and checks its `// →` comments.
const root = packageRoot(import.meta.url);
const toycls = join(root, '..', '..', 'examples', 'toycls');
const engHome = mkdtempSync(join(tmpdir(), 'eng-hub-readme-'));
describeReadme(root, { options: () => ({ cwd: toycls, env: { ENG_HOME: engHome } }), timeout: 120_000 });
