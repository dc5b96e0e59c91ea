#!/usr/bin/env node
// The `eng` bin: runs the command table of src/cli/commands.ts.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from './cli/commands';
import './register';

export type { Command } from './cli/command';
export { commands, main, usage } from './cli/commands';

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined || typeof import.meta.url !== 'string') return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Runs `eng` with the process's arguments and sets its exit code (what the `eng` bin does). */
export function runCli(): Promise<void> {
  return main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`eng: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (isEntryPoint()) void runCli();
