import type { CommandIO } from '@eng/config';

/** One `eng` command: a function of its arguments that resolves to an exit code. */
export interface Command {
  /** one line for the usage text */
  summary: string;
  run(argv: readonly string[], io: CommandIO): Promise<number>;
}

/** How a command reports a failure: the message (and the key path or hints an eng error carries); the stack with ENG_DEBUG=1. */
export function formatFailure(command: string, error: unknown): string {
  if (!(error instanceof Error)) return `eng ${command}: ${String(error)}\n`;
  if (process.env.ENG_DEBUG === '1') return `eng ${command}: ${error.stack ?? error.message}\n`;
  let text = `eng ${command}: ${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}`;
  let cause = (error as { cause?: unknown }).cause;
  for (let depth = 0; cause instanceof Error && depth < 3 && !text.includes(cause.message); depth++) {
    text += `\n  caused by ${cause.name}: ${cause.message}`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return `${text}\n(set ENG_DEBUG=1 for the stack trace)\n`;
}
