import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ExportTarget = string | null | { readonly [condition: string]: ExportTarget };

/** A package's manifest, as far as the test kit reads it. */
export interface PackageManifest {
  readonly name: string;
  readonly exports?: string | Readonly<Record<string, ExportTarget>>;
  readonly [field: string]: unknown;
}

export function readManifest(packageDir: string): PackageManifest {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
}

/** The package directory a test file is in: the nearest folder above it with a `package.json`. */
export function packageRoot(importMetaUrl: string): string {
  let dir = dirname(fileURLToPath(importMetaUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(importMetaUrl)}`);
    dir = parent;
  }
  return dir;
}

/** One `exports` subpath of a built package and the files it loads. */
export interface BuiltEntry {
  /** `.`, `./test`, ... */
  readonly subpath: string;
  /** Absolute path of what `import` loads, if the entry has an `import` condition. */
  readonly esm: string | undefined;
  /** Absolute path of what `require` loads, if the entry has a `require` condition. */
  readonly cjs: string | undefined;
}

/** The file a conditional target loads in Node: its `node` branch, else `default` (`types` is not a file to load). */
function fileOf(target: ExportTarget | undefined): string | undefined {
  if (typeof target === 'string') return target;
  if (!target) return undefined;
  return fileOf(target.node) ?? fileOf(target.default);
}

/** The built entries of a package's `exports` (every subpath but `./package.json`). */
export function builtEntries(packageDir: string): BuiltEntry[] {
  const { exports } = readManifest(packageDir);
  const map: Record<string, ExportTarget> = typeof exports === 'string' ? { '.': exports } : { ...exports };
  return Object.entries(map)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const object = typeof target === 'object' && target !== null ? target : undefined;
      const esm = fileOf(object?.import);
      const cjs = fileOf(object?.require);
      return {
        subpath,
        esm: esm === undefined ? undefined : join(packageDir, esm),
        cjs: cjs === undefined ? undefined : join(packageDir, cjs),
      };
    });
}
