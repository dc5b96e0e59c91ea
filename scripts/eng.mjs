#!/usr/bin/env node
// `pnpm eng ...` in the workspace: the `eng` CLI of @eng/runner. It runs the built bin (packages/runner/dist/cli.js)
// when it is newer than every package's sources, else the TypeScript sources through jiti (slower to start, never
// stale). ENG_FROM=dist or ENG_FROM=source forces one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sourceAliases } from './source-aliases.mjs';

const root = join(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const bin = join(packagesDir, 'runner', 'dist', 'cli.js');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const pkg of readdirSync(packagesDir)) {
    const src = join(packagesDir, pkg, 'src');
    if (existsSync(src)) walk(src);
  }
  return newest;
}

const mode = process.env.ENG_FROM ?? (existsSync(bin) && statSync(bin).mtimeMs >= newestSource() ? 'dist' : 'source');
const args =
  mode === 'dist'
    ? [bin]
    : ['--conditions=@eng/source', '--import', 'jiti/register', join(packagesDir, 'runner', 'src', 'cli.ts')];
const env = mode === 'dist' ? process.env : { ...process.env, JITI_ALIAS: JSON.stringify(sourceAliases(packagesDir)) };
const result = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit', env });
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
