// Where an import of a TS config leads, found as Node's ESM resolver finds it (conditions `node`, `import`,
// `default`, as jiti asks), for the imports the fast path runs itself. Anything this does not know for sure
// (a subpath import `#x`, a path without its extension, a TypeScript target, an unusual `exports`) is
// `undefined`: the config then goes to jiti, which resolves it as it always did.
import { readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ImportTarget =
  | { kind: 'builtin'; specifier: string }
  | { kind: 'self' }
  | { kind: 'json'; path: string }
  | { kind: 'module'; path: string };

/** The package that loads configs: a config's `import { defineConfig } from '@eng/config'` gets this copy. */
export const SELF_PACKAGE = '@eng/config';

const CONDITIONS = new Set(['node', 'import', 'default']);
const RUNNABLE = new Set(['.js', '.mjs', '.cjs']);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fileTarget(path: string): ImportTarget | undefined {
  if (!isFile(path)) return undefined;
  const ext = extname(path);
  if (ext === '.json') return { kind: 'json', path };
  return RUNNABLE.has(ext) ? { kind: 'module', path } : undefined;
}

/** `exports` target for the subpath, as PACKAGE_EXPORTS_RESOLVE with the conditions above; undefined if unsure. */
function exportsTarget(exports: unknown, subpath: string): string | undefined {
  const isSubpathMap =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports)[0]?.[0] === '.';
  if (!isSubpathMap) return subpath === '.' ? conditionalTarget(exports, undefined) : undefined;
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath) && !subpath.includes('*')) return conditionalTarget(map[subpath], undefined);
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < key.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (best === undefined || prefix.length > best.key.indexOf('*')) {
      best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? conditionalTarget(map[best.key], best.match) : undefined;
}

function conditionalTarget(target: unknown, match: string | undefined): string | undefined {
  if (typeof target === 'string') {
    if (!target.startsWith('./')) return undefined;
    return match === undefined ? target : target.replaceAll('*', match);
  }
  if (Array.isArray(target)) {
    // Node takes the first valid entry; anything but a single entry is left to jiti
    return target.length === 1 ? conditionalTarget(target[0], match) : undefined;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      // a matching condition whose value is null blocks the subpath, as in Node
      if (value === null) return undefined;
      return conditionalTarget(value, match);
    }
  }
  return undefined;
}

function packageTarget(name: string, subpath: string, fromDir: string): ImportTarget | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    let manifest: { exports?: unknown; main?: unknown } | undefined;
    try {
      manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown; main?: unknown };
    } catch {
      manifest = undefined;
    }
    if (manifest !== undefined) {
      if (manifest.exports !== undefined) {
        const target = exportsTarget(manifest.exports, subpath);
        return target === undefined ? undefined : fileTarget(resolve(root, target));
      }
      if (subpath !== '.') return fileTarget(join(root, subpath));
      if (typeof manifest.main === 'string') return fileTarget(resolve(root, manifest.main));
      return fileTarget(join(root, 'index.js'));
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** What `specifier`, imported by the config `file`, is; undefined when the fast path cannot be sure. */
export function importTarget(specifier: string, file: string): ImportTarget | undefined {
  if (specifier === SELF_PACKAGE) return { kind: 'self' };
  if (isBuiltin(specifier)) return { kind: 'builtin', specifier };
  if (specifier.startsWith('file:')) return fileTarget(fileURLToPath(specifier));
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')) {
    return fileTarget(resolve(dirname(file), specifier));
  }
  if (specifier.startsWith('#') || specifier.startsWith('.')) return undefined;
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength || parts.slice(0, nameLength).some((part) => part === '')) return undefined;
  const name = parts.slice(0, nameLength).join('/');
  const rest = parts.slice(nameLength).join('/');
  return packageTarget(name, rest === '' ? '.' : `./${rest}`, dirname(file));
}
