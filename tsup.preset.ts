import { defineConfig, type Options } from 'tsup';

/**
 * The one build recipe every @eng package uses: ESM + CJS with .d.ts and .d.cts,
 * type declarations resolved against the *built* dependencies (no source condition).
 */
export function preset(options: Partial<Options> = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { customConditions: [], composite: false, incremental: false } },
    tsconfig: '../../tsconfig.build.json',
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: false,
    ...options,
  });
}
