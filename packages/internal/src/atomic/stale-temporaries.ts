import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The names `temporaryPathFor` gives: `.<target>.<pid>.<counter><6 random>.tmp` (base 36). */
const TEMPORARY = /^\.(.+)\.(\d+)\.([0-9a-z]{7,})\.tmp$/;

/**
 * How old (since its last change) a temporary file must be before it counts as abandoned. A dead pid alone is not
 * proof: a writer in another PID namespace (another container on the same volume) always looks dead from here.
 */
export const STALE_TEMPORARY_AGE_MS = 3600_000;

const swept = new Set<string>();
const processStart = Date.now() - process.uptime() * 1000;

function isAlive(pid: number): boolean {
  // Our own pid on a file older than this process is an earlier process's (containers reuse pid 1 after a restart);
  // this process's own temporary files are newer than its start, which the caller checks.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files an interrupted atomic write left in `dir` (a killed process never reaches its
 * clean-up). Only names of ours are touched, only those unchanged for an hour and older than this process, and only
 * when their writing process is gone, so the temporary file of a live writer is not taken away. Runs once per directory per process; best effort.
 * Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match === null || isAlive(Number(match[2]))) continue;
    const path = join(dir, name);
    try {
      const stats = statSync(path);
      const abandoned = stats.mtimeMs < processStart && Date.now() - stats.mtimeMs >= STALE_TEMPORARY_AGE_MS;
      if (!stats.isFile() || !abandoned) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Forgets which directories were swept (for tests). */
export function resetStaleTemporarySweeps(): void {
  swept.clear();
}
