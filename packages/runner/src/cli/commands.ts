// The `eng` command table. Each command is a function of its arguments that resolves to an exit code; a downstream
// library may add its own to `commands`.
import { type CommandIO, printConfigCommand, processIO } from '@eng/config';
import type { Command } from './command';
import { plotCommand } from './plot-command';
import { registryCommand } from './registry-command';
import { testCommand } from './test-command';
import { trainCommand } from './train-command';

export const commands: Record<string, Command> = {
  train: trainCommand,
  test: testCommand,
  'print-config': {
    summary: 'print the merged config: eng print-config CONFIG [--cfg-options k=v ...] [--format ts|json|yaml]',
    run: printConfigCommand,
  },
  registry: registryCommand,
  plot: plotCommand,
  // loaded when run: `eng --help` and the other commands do not pay for the hub's imports
  hub: {
    summary: 'models shipped in packages: eng hub list PKG | download PKG::MODEL | publish CHECKPOINT OUT',
    run: async (argv, io) => (await import('@eng/hub')).hubCommand.run(argv, io),
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
