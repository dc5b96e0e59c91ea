import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtEntries, readManifest } from './package-entries';
import { runScript } from './run-node';
import { freshDir } from './temp-dir';

/** Export names per `exports` subpath: `{ ".": ["Config", ...], "./test": [...] }`, each list sorted. */
export type ExportLists = Record<string, string[]>;

/** How one subpath's names differ from the expected ones. */
export interface ExportChange {
  readonly subpath: string;
  /** In the actual list, not the expected one. */
  readonly added: readonly string[];
  /** In the expected list, not the actual one. */
  readonly removed: readonly string[];
}

/** Each subpath whose names differ between `expected` and `actual` (a subpath missing on one side counts as empty). */
export function diffExportLists(expected: ExportLists, actual: ExportLists): ExportChange[] {
  const subpaths = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const changes: ExportChange[] = [];
  for (const subpath of subpaths) {
    const want = new Set(expected[subpath] ?? []);
    const got = new Set(actual[subpath] ?? []);
    const added = [...got].filter((n) => !want.has(n)).sort();
    const removed = [...want].filter((n) => !got.has(n)).sort();
    const missingSide = !(subpath in expected) || !(subpath in actual);
    if (added.length || removed.length || missingSide) changes.push({ subpath, added, removed });
  }
  return changes;
}

/** One line per change: `".": added a, b; removed c`. */
export function describeExportChanges(changes: readonly ExportChange[]): string {
  return changes
    .map((c) => {
      const parts = [];
      if (c.added.length) parts.push(`added ${c.added.join(', ')}`);
      if (c.removed.length) parts.push(`removed ${c.removed.join(', ')}`);
      return `${JSON.stringify(c.subpath)}: ${parts.join('; ') || 'only on one side, with no names'}`;
    })
    .join('\n');
}

/** The JSON text of an exports list, formatted as the repository's formatter writes it. */
export function formatExportLists(lists: ExportLists): string {
  const entries = Object.keys(lists)
    .sort()
    .map((subpath) => {
      const names = (lists[subpath] ?? []).map((n) => JSON.stringify(n));
      const oneLine = `  ${JSON.stringify(subpath)}: [${names.join(', ')}]`;
      if (oneLine.length + 1 <= 120) return oneLine;
      return `  ${JSON.stringify(subpath)}: [\n${names.map((n) => `    ${n}`).join(',\n')}\n  ]`;
    });
  return `{\n${entries.join(',\n')}\n}\n`;
}

/**
 * The names each built entry exports, read in one Node process: the ESM file through `import`, the CJS file through
 * `require` (`__esModule` left out).
 */
export function readBuiltExports(packageDir: string): { esm: ExportLists; cjs: ExportLists } {
  const entries = builtEntries(packageDir);
  const out = join(freshDir('exports'), 'exports.json');
  const script = `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const entries = ${JSON.stringify(entries)};
const names = (m) => Object.keys(m).filter((n) => n !== '__esModule').sort();
const esm = {};
const cjs = {};
for (const e of entries) {
  if (e.esm) esm[e.subpath] = names(await import(pathToFileURL(e.esm).href));
  if (e.cjs) cjs[e.subpath] = names(require(e.cjs));
}
writeFileSync(${JSON.stringify(out)}, JSON.stringify({ esm, cjs }));
`;
  runScript(script, { name: 'read-exports' });
  return JSON.parse(readFileSync(out, 'utf8'));
}

export interface ExportsListOptions {
  /** The committed list, relative to the package (default `test-dist/exports.json`). */
  readonly file?: string;
  /** Rewrite the list from the build instead of comparing (default: `UPDATE_EXPORTS=1` in the environment). */
  readonly update?: boolean;
}

/**
 * Checks that the built package exports exactly the names its committed list says, the same through `import` and
 * `require`; throws an error naming the added and removed names. With `update` (or `UPDATE_EXPORTS=1`) it writes
 * the list instead; ESM and CJS must still agree.
 */
export function expectExportsList(packageDir: string, options: ExportsListOptions = {}): ExportLists {
  const name = readManifest(packageDir).name;
  const file = join(packageDir, options.file ?? 'test-dist/exports.json');
  const { esm, cjs } = readBuiltExports(packageDir);
  const split = diffExportLists(esm, cjs);
  if (split.length) {
    throw new Error(
      `${name}: the CJS build exports other names than the ESM build (added/removed in CJS):\n${describeExportChanges(split)}`,
    );
  }
  if (options.update ?? process.env.UPDATE_EXPORTS === '1') {
    writeFileSync(file, formatExportLists(esm));
    return esm;
  }
  if (!existsSync(file)) throw new Error(`${name}: no ${file}; run the test with UPDATE_EXPORTS=1 to write it`);
  const committed = JSON.parse(readFileSync(file, 'utf8')) as ExportLists;
  const changes = diffExportLists(committed, esm);
  if (changes.length) {
    throw new Error(
      `${name}: the built exports differ from ${options.file ?? 'test-dist/exports.json'} (run with UPDATE_EXPORTS=1 to accept them):\n${describeExportChanges(changes)}`,
    );
  }
  return esm;
}
