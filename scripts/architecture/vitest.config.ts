import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The architecture check's own tests: `vitest run --config scripts/architecture/vitest.config.ts`. The JSON report
// is counted by scripts/test-all.mjs like a package's.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  test: {
    include: ['*.test.ts'],
    reporters: ['default', ['json', { outputFile: `${here}.test-results/unit.json` }]],
  },
});
