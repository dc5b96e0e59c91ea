// jiti resolves bare specifiers itself and ignores --conditions, so scripts that run the TypeScript sources map
// every @eng entry (subpaths such as @eng/internal/options first: jiti matches aliases by prefix) to its source file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `{ '@eng/x': '/…/packages/x/src/index.ts', ... }` for every package under `packagesDir`, longest names first. */
export function sourceAliases(packagesDir) {
  const entries = [];
  for (const dir of readdirSync(packagesDir)) {
    const manifest = join(packagesDir, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, exports = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [subpath, target] of Object.entries(exports)) {
      const source = typeof target === 'string' ? target : (target?.['@eng/source'] ?? target?.default);
      if (typeof source === 'string' && source.endsWith('.ts'))
        entries.push([`${name}${subpath.slice(1)}`, join(packagesDir, dir, source)]);
    }
  }
  return Object.fromEntries(entries.sort((a, b) => b[0].length - a[0].length));
}
