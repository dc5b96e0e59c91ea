#!/usr/bin/env node
// Runs a package's benchmarks (bench/*.bench.ts, executed on the TypeScript sources through jiti with
// the @eng/source condition) and leaves their figures in ../../bench/results/<package>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sourceAliases } from './source-aliases.mjs';

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
const aliases = sourceAliases(join(pkgDir, '..'));
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
