#!/usr/bin/env node
// Runs a package's benchmarks (bench/*.bench.ts, executed on the TypeScript sources through jiti with
// the @eng/source condition) and leaves their figures in ../../bench/results/<package>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const pkgDir = process.cwd();
const benchDir = join(pkgDir, 'bench');
const files = existsSync(benchDir)
  ? readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
  : [];
if (files.length === 0) {
  console.log(`[bench] ${basename(pkgDir)}: no benchmarks yet`);
  process.exit(0);
}
// jiti resolves bare specifiers itself and ignores --conditions, so map every @eng entry (subpaths such as
// @eng/internal/options first: jiti matches aliases by prefix) to its sources.
const packagesDir = join(pkgDir, '..');
const aliasEntries = [];
for (const dir of readdirSync(packagesDir)) {
  const manifest = join(packagesDir, dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const { name, exports = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const [subpath, target] of Object.entries(exports)) {
    const source = typeof target === 'string' ? target : (target?.['@eng/source'] ?? target?.default);
    if (typeof source === 'string' && source.endsWith('.ts'))
      aliasEntries.push([`${name}${subpath.slice(1)}`, join(packagesDir, dir, source)]);
  }
}
const aliases = Object.fromEntries(aliasEntries.sort((a, b) => b[0].length - a[0].length));
let status = 0;
for (const f of files) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@eng/source', '--import', 'jiti/register', join(benchDir, f)],
    {
      cwd: pkgDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        JITI_ALIAS: JSON.stringify(aliases),
        ENG_BENCH_RESULTS: join(pkgDir, '..', '..', 'bench', 'results'),
      },
    },
  );
  status ||= result.status ?? 1;
}
process.exit(status);
