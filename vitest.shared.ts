import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Tests run on the TypeScript sources: the `@eng/source` export condition points every @eng import at `src/`. */
const sourceConditions = ['@eng/source', 'module', 'node', 'development|production'];

export function packageTestConfig(overrides: ViteUserConfig['test'] = {}, kind: 'unit' | 'dist' = 'unit') {
  return defineConfig({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@eng/source'] } },
    test: {
      include: kind === 'unit' ? ['src/**/*.test.ts', 'test/**/*.test.ts'] : ['test-dist/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: `.test-results/${kind}.json` }]],
      testTimeout: 30_000,
      // Type-level tests run through tsc on the sources: tsconfig.test-d.json has no project references, so they need
      // no declaration build first.
      typecheck: { enabled: kind === 'unit', include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.test-d.json' },
      ...overrides,
    },
  });
}
