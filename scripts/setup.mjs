#!/usr/bin/env node
// One entry point for a fresh clone with only Node 20 and npm:
//   node scripts/setup.mjs <pnpm script> [args...]
// ensures the pinned pnpm (from package.json's packageManager) is available, installs the
// workspace with the frozen lockfile, then runs `pnpm run <script>`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const toolsBin = join(root, '.tools', 'node_modules', '.bin');
const env = { ...process.env, PATH: `${toolsBin}${delimiter}${process.env.PATH ?? ''}`, TURBO_TELEMETRY_DISABLED: '1' };

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], {
    cwd: root,
    env,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

if (pnpmVersion() !== pinned) {
  console.log(`[setup] installing pnpm ${pinned} into .tools/ (found ${pnpmVersion() ?? 'none'})`);
  const status = run('npm', [
    'install',
    '--prefix',
    join(root, '.tools'),
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${pinned}`,
  ]);
  if (status !== 0 || !existsSync(toolsBin)) {
    console.error(
      '[setup] could not install pnpm with npm; install it yourself (npm i -g pnpm@' + pinned + ') and retry',
    );
    process.exit(status || 1);
  }
}

const [script = 'test', ...rest] = process.argv.slice(2);
const installStatus = run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only']);
if (installStatus !== 0) process.exit(installStatus);
process.exit(run('pnpm', ['--silent', 'run', script, ...rest]));
