import { defineConfig } from 'tsup';

// A downstream package builds like any library: ESM + CJS with declarations, @eng/* left as dependencies.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { customConditions: [], composite: false, incremental: false } },
  clean: true,
  sourcemap: true,
  keepNames: true,
  target: 'node20',
});
