import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const internalSrc = fileURLToPath(new URL('./packages/internal/src/', import.meta.url));

/** Private workspace packages whose source is bundled into every build (never a runtime dependency). */
const bundled = [/^@eng\/internal(\/|$)/];

/**
 * The one build recipe every @eng package uses: ESM + CJS with .d.ts and .d.cts,
 * type declarations resolved against the *built* dependencies (no source condition).
 * `@eng/internal` is inlined in both the code and the declarations; class names are kept so that error names print
 * as written.
 */
export function preset(options: Partial<Options> = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: {
      compilerOptions: {
        customConditions: [],
        composite: false,
        incremental: false,
        // Declarations of @eng/internal are inlined: the path mapping makes it a local file to the declaration bundler.
        paths: {
          '@eng/internal': [`${internalSrc}index.ts`],
          '@eng/internal/node': [`${internalSrc}node.ts`],
          '@eng/internal/options': [`${internalSrc}options.ts`],
        },
      },
    },
    tsconfig: '../../tsconfig.build.json',
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: false,
    keepNames: true,
    noExternal: bundled,
    ...options,
  });
}
