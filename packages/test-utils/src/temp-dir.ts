import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

// Registered once per test file (vitest evaluates this module afresh for each file): that file's directories go
// when it is done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new empty directory in the system's temporary directory, outside the monorepo (so nothing in it resolves
 * through the workspace), removed after the test file.
 */
export function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `eng-${prefix.replace(/[^\w.-]+/g, '-')}-`));
  created.push(dir);
  return dir;
}
