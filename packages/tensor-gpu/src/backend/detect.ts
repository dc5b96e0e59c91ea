// Run-time detection of the optional native backends (peer dependencies that are usually not installed).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { moduleLocation } from './wasm-node';

/** The backends `initBackend` knows, in its default order of preference (fastest first). */
export const DEFAULT_BACKEND_ORDER = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;

/** Native backends that come from an npm package; each registers the TensorFlow.js backend named `backend`. */
export const NATIVE_BACKEND_PACKAGES: Readonly<Record<string, { package: string; backend: string }>> = {
  'tfjs-node-gpu': { package: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow' },
  'tfjs-node': { package: '@tensorflow/tfjs-node', backend: 'tensorflow' },
};

export interface DetectOptions {
  /** Directories to resolve packages from (default: the current directory, then this package's location). */
  resolveFrom?: string[];
}

export type Resolution = { found: true; path: string } | { found: false; reason: string };

function searchBases(options: DetectOptions): string[] {
  if (options.resolveFrom !== undefined && options.resolveFrom.length > 0) return options.resolveFrom;
  return [process.cwd(), moduleLocation()];
}

/** Finds an installed package without loading it. */
export function resolvePackage(name: string, options: DetectOptions = {}): Resolution {
  const bases = searchBases(options);
  for (const base of bases) {
    try {
      // createRequire needs a file inside the directory (a trailing file name), or a module URL.
      const from =
        base.startsWith('file:') || base.endsWith('.ts') || base.endsWith('.js') ? base : join(base, 'noop.js');
      const path = createRequire(from).resolve(name);
      return { found: true, path };
    } catch {
      // try the next base
    }
  }
  return { found: false, reason: `package ${name} is not installed (looked from ${bases.join(', ')})` };
}

/** Loads a resolved package (CommonJS `require`, falling back to `import()` for an ES module). */
export async function loadPackage(path: string): Promise<unknown> {
  try {
    return createRequire(path)(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
    const { pathToFileURL } = await import('node:url');
    return import(pathToFileURL(path).href);
  }
}
