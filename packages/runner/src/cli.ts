#!/usr/bin/env node
// The `eng` command line. Each command is a function of its arguments that resolves to an exit code;
// the runner's own commands (train, test, registry) are added to `commands` next to print-config.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CommandIO, printConfigCommand, processIO } from '@eng/config';

export interface Command {
  /** one line for the usage text */
  summary: string;
  run(argv: readonly string[], io: CommandIO): Promise<number>;
}

export const commands: Record<string, Command> = {
  'print-config': {
    summary: 'print the merged config: eng print-config CONFIG [--cfg-options k=v ...] [--format ts|json|yaml]',
    run: printConfigCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary}`);
  return `Usage: eng <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "eng <command> --help" for the options of a command.\n`;
}

/** Runs `eng` with the given arguments (without `node` and the script); resolves to the exit code. */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  io: CommandIO = processIO,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.err(`eng: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined || typeof import.meta.url !== 'string') return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`eng: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
