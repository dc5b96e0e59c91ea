import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Piscina from 'piscina';
import type { WorkerSetup } from './worker-setup';

/**
 * Where the worker entry is: beside this module. In the built package that is `worker.js` / `worker.cjs`; on the
 * TypeScript sources (this monorepo's tests and benchmarks) it is `source-worker.mjs`, which loads `worker.ts`
 * through jiti.
 */
function workerEntry(): { filename: string; fromSources: boolean } {
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  const name = fromSources ? './source-worker.mjs' : here.endsWith('.cjs') ? './worker.cjs' : './worker.js';
  return { filename: fileURLToPath(new URL(name, here)), fromSources };
}

/**
 * Every entry of every `@eng/*` package of the monorepo mapped to its TypeScript source, subpaths first (jiti
 * matches aliases by prefix and ignores export conditions).
 */
function sourceAliases(): Record<string, string> {
  const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
  const entries: [string, string][] = [];
  for (const dir of readdirSync(packagesDir)) {
    const manifest = join(packagesDir, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name: string;
      exports?: Record<string, unknown>;
    };
    for (const [subpath, target] of Object.entries(exports ?? {})) {
      const conditions = (typeof target === 'object' && target !== null ? target : {}) as Record<string, unknown>;
      const source = typeof target === 'string' ? target : (conditions['@eng/source'] ?? conditions.default);
      if (typeof source === 'string' && source.endsWith('.ts'))
        entries.push([`${name}${subpath.slice(1)}`, join(packagesDir, dir, source)]);
    }
  }
  return Object.fromEntries(entries.sort((a, b) => b[0].length - a[0].length));
}

/** A pool of `threads` workers that each build the dataset described by `setup`. */
export function createWorkerPool(threads: number, setup: WorkerSetup, onError: (error: unknown) => void): Piscina {
  const { filename, fromSources } = workerEntry();
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: setup,
    ...(fromSources ? { env: { ...process.env, ENG_SOURCE_ALIASES: JSON.stringify(sourceAliases()) } } : {}),
  });
  // A worker's error outside a task (or a late message while the pool is being destroyed) is an 'error' event,
  // which would otherwise crash the process as an unhandled one.
  pool.on('error', onError);
  return pool;
}
