// `eng print-config CONFIG [--cfg-options k=v ...] [--format json|yaml|ts] [--save-path FILE]`
// (MMEngine's tools/misc/print_config.py). The `eng` bin of @eng/runner dispatches here.
import { parseArgs } from 'node:util';
import { didYouMean } from '@eng/internal';
import { Config } from './config';
import { parseCfgOptions } from './dict-action';

/** Where a command writes; tests pass their own. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export const PRINT_CONFIG_USAGE = `Usage: eng print-config CONFIG [--cfg-options KEY=VALUE ...] [--format ts|json|yaml] [--save-path FILE]

Print the whole config, with its bases merged and the overrides applied.

  CONFIG                 a .ts .mts .cts .js .mjs .cjs .json .yaml or .yml config file
  --cfg-options K=V ...  override settings: a.b=1, lr=0.1, name=x, flag=false, k=None, k=a,b, k="[(a,b),[1,2]]"
  --format FORMAT        output format: ts (default, as MMEngine prints Python), json or yaml
  --save-path FILE       also write the config to FILE (format from its extension)
  -h, --help             show this help
`;

/** The long flags of `print-config`, for "did you mean" (`--options` is MMEngine's old name of `--cfg-options`). */
const LONG_FLAGS = ['--cfg-options', '--format', '--save-path', '--help'] as const;
const CFG_OPTION_FLAGS = ['--cfg-options', '--options'];

/**
 * Splits `--cfg-options a=1 b=2` (several values after one flag, as argparse's nargs='+') from the rest.
 * A `--cfg-options` followed by no value is an error, as in argparse.
 */
export function takeCfgOptions(argv: readonly string[]): { cfgOptions: string[]; rest: string[] } {
  const cfgOptions: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    if (CFG_OPTION_FLAGS.includes(arg)) {
      const first = i;
      // as argparse: the values end at the next flag, long or short
      while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('-')) cfgOptions.push(argv[++i] as string);
      if (i === first) throw new Error(`${arg} expects at least one KEY=VALUE`);
    } else if (eq > 0 && CFG_OPTION_FLAGS.includes(arg.slice(0, eq))) {
      cfgOptions.push(arg.slice(eq + 1));
    } else {
      rest.push(arg);
    }
  }
  return { cfgOptions, rest };
}

const FORMATS = { ts: '.ts', json: '.json', yaml: '.yaml', yml: '.yaml' } as const;

/**
 * A `node:util` `parseArgs` error in words, with the nearest of `flags` for an unknown option (every `eng` command
 * reports its arguments this way).
 */
export function describeArgsError(error: unknown, flags: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'(-[^']*)'/.exec(message);
  if (!unknown) return message;
  const flag = (unknown[1] as string).split('=')[0] as string;
  const hint = didYouMean(flag, flags, { maxDistance: 3 });
  return hint ? `unknown option ${flag}. ${hint}` : `unknown option ${flag}; the options are ${flags.join(', ')}`;
}

function usageProblem(error: unknown): string {
  return describeArgsError(error, [...LONG_FLAGS, '--options']);
}

/**
 * Runs `print-config` with the arguments after the command name; resolves to the exit code.
 *
 * @example
 * await printConfigCommand(['configs/faster-rcnn.ts', '--cfg-options', 'train_cfg.max_epochs=24', '--format', 'yaml']);
 */
export async function printConfigCommand(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  let values: { format?: string | undefined; 'save-path'?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  let cfgOptions: string[];
  try {
    const split = takeCfgOptions(argv);
    cfgOptions = split.cfgOptions;
    ({ values, positionals } = parseArgs({
      args: split.rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        'save-path': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.err(`eng print-config: ${usageProblem(error)}\n\n${PRINT_CONFIG_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(PRINT_CONFIG_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    // `--cfg-options a=1 CONFIG`: the values of --cfg-options run up to the next flag, CONFIG among them
    const swallowed = positionals.length === 0 ? cfgOptions.find((option) => !option.includes('=')) : undefined;
    const why =
      swallowed === undefined
        ? ''
        : ` (${JSON.stringify(swallowed)} follows --cfg-options, which takes every argument up to the next flag: ` +
          'write CONFIG first)';
    io.err(`eng print-config: expected one CONFIG file, got ${positionals.length}${why}\n\n${PRINT_CONFIG_USAGE}`);
    return 2;
  }
  const format = values.format ?? 'ts';
  if (!Object.hasOwn(FORMATS, format)) {
    const hint = didYouMean(format, Object.keys(FORMATS), { maxDistance: 1 });
    io.err(`eng print-config: --format must be ts, json or yaml, got "${format}".${hint ? ` ${hint}` : ''}\n`);
    return 2;
  }
  try {
    const cfg = await Config.fromFile(positionals[0] as string);
    if (cfgOptions.length > 0) cfg.mergeFromDict(parseCfgOptions(cfgOptions));
    const ext = FORMATS[format as keyof typeof FORMATS];
    const text = cfg.toText(ext);
    if (values['save-path'] !== undefined) cfg.dump(values['save-path']);
    io.out(text);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`eng print-config: ${message}\n`);
    return 1;
  }
}
