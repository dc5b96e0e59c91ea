import { writeFileAtomicSync } from '@eng/internal/node';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAsyncLocalScopeStore } from '../scope-store/async-local';
import type { Platform } from './types';

const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

const packageNameByDir = new Map<string, string | undefined>();

function packageNameAbove(dir: string): string | undefined {
  if (packageNameByDir.has(dir)) return packageNameByDir.get(dir);
  let name: string | undefined;
  try {
    const parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    name = typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : undefined;
    // A package.json without a name (e.g. `{ "type": "module" }` in a sub-folder) does not end the search.
    if (name === undefined) {
      const up = dirname(dir);
      name = up === dir ? undefined : packageNameAbove(up);
    }
  } catch {
    const up = dirname(dir);
    name = up === dir ? undefined : packageNameAbove(up);
  }
  packageNameByDir.set(dir, name);
  return name;
}

export const platform: Platform = {
  name: 'node',
  createScopeStore: createAsyncLocalScopeStore,
  nearestPackageName(file) {
    let path = file;
    if (path.startsWith('file:')) {
      try {
        path = fileURLToPath(path);
      } catch {
        return undefined;
      }
    }
    if (!isAbsolute(path)) return undefined;
    return packageNameAbove(dirname(path));
  },
  writeFileAtomic: (path, text) => writeFileAtomicSync(path, text),
  joinPath: (...parts) => join(...parts),
  toImportSpecifier(specifier, base) {
    if (isAbsolute(specifier)) return pathToFileURL(specifier).href;
    if (base !== undefined && isRelative(specifier)) {
      return new URL(specifier, base.startsWith('file:') ? base : pathToFileURL(base)).href;
    }
    return specifier;
  },
};
