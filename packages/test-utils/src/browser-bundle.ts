import { builtinModules } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { readManifest } from './package-entries';
import { type NodeOptions, runNode } from './run-node';
import { freshDir } from './temp-dir';

/** A browser bundle made from an entry script that imports the package. */
export interface BrowserBundle {
  /** The bundle file (an ES module). */
  readonly file: string;
  /** Its text. */
  readonly code: string;
  /** The directory it is in (fresh, removed after the test file). */
  readonly dir: string;
}

/**
 * Bundles `entrySource` (a script that imports the package by name) with esbuild for the browser platform: the
 * package comes from its built ESM, picked by the `browser` / `import` / `default` conditions as a web bundler picks
 * them.
 */
export async function bundleForBrowser(packageDir: string, entrySource: string): Promise<BrowserBundle> {
  const dir = freshDir('browser-bundle');
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, entrySource);
  const file = join(dir, 'bundle.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: file,
    logLevel: 'silent',
    nodePaths: [join(packageDir, 'node_modules')],
    alias: { [readManifest(packageDir).name]: packageDir },
  });
  return { file, code: readFileSync(file, 'utf8'), dir };
}

const builtins = new Set(builtinModules);

/**
 * The Node built-in modules a bundle still imports or requires (`node:fs`, or a bare `fs`): a browser has none of
 * them, so a browser bundle should give `[]`.
 */
export function nodeImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)) {
    const specifier = m[1] as string;
    if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] as string)) found.add(specifier);
  }
  return [...found].sort();
}

export interface RunBundleOptions extends NodeOptions {
  /** Hide `process.getBuiltinModule` first, as in a browser, so the code cannot reach Node's modules (default). */
  readonly hideNodeBuiltins?: boolean;
}

/** Runs a bundle in a Node process (a bundle without Node imports runs there too) and returns its stdout. */
export function runBundle(bundle: BrowserBundle, options: RunBundleOptions = {}): string {
  if (options.hideNodeBuiltins === false) return runNode(bundle.dir, bundle.file, [], options);
  const runner = join(bundle.dir, 'run-hidden.mjs');
  writeFileSync(runner, `delete process.getBuiltinModule;\nawait import(${JSON.stringify(bundle.file)});\n`);
  return runNode(bundle.dir, runner, [], options);
}
