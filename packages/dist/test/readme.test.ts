import { describeReadme, packageRoot } from '@eng/test-utils';

// Runs every example of README.md as written and checks its `// →` comments.
describeReadme(packageRoot(import.meta.url));
