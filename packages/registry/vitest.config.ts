import { packageTestConfig } from '../../vitest.shared';

export default packageTestConfig({
  // type-level tests (test/*.test-d.ts) run through tsc alongside the unit tests
  typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
});
