// Loads @eng/registry for benchmarking: its sources bundled by esbuild exactly as tsup bundles them for dist/
// (jiti's on-the-fly transpilation of each module makes the same code 2-3x slower, which users never run).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function loadRegistry(): Promise<typeof import('../src/index')> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, '..', 'src', 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@eng/source'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'eng-registry-bench-'));
  const file = join(dir, 'registry.mjs');
  writeFileSync(file, result.outputFiles[0]!.text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
