import { describeReadme, packageRoot } from '@eng/test-utils';

// Runs every example of README.md as written (on the CPU backend) and checks its `// →` comments.
describeReadme(packageRoot(import.meta.url));
