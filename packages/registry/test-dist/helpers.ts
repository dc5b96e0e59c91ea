import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const packageDir = resolve(import.meta.dirname, '..');
export const distDir = join(packageDir, 'dist');

const created: string[] = [];
// Registered in every test file that imports these helpers: its directories go when the file is done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory outside the monorepo (so nothing resolves through the workspace), removed after the file. */
export function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `eng-registry-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Runs a Node script (ESM when `module`) in `cwd` and returns its stdout. */
export function runNode(cwd: string, file: string, args: string[] = []): string {
  return execFileSync(process.execPath, [...args, file], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
