import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDir } from './temp-dir';

/** What a Node process did. */
export interface NodeResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NodeOptions {
  /** The working directory (default: the test's). */
  readonly cwd?: string;
  /** Variables added to the environment; `undefined` removes one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function environment(extra: NodeOptions['env']): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `node ...args` to the end, whatever its exit status. */
export function spawnNode(args: readonly string[], options: NodeOptions = {}): NodeResult {
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd,
    env: environment(options.env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface EvalOptions extends NodeOptions {
  /** How Node reads the source: `module` (the default) or `commonjs`. */
  readonly type?: 'module' | 'commonjs';
}

/** Runs `source` with `node -e` (relative imports resolve from `cwd`), whatever its exit status. */
export function evalNode(source: string, options: EvalOptions = {}): NodeResult {
  return spawnNode([`--input-type=${options.type ?? 'module'}`, '-e', source], options);
}

/**
 * Runs the script `file` with Node in `cwd` (`args` are Node's own flags, placed before the file) and returns its
 * stdout; a non-zero exit throws an error carrying its stderr.
 */
export function runNode(cwd: string, file: string, args: readonly string[] = [], options: NodeOptions = {}): string {
  const result = spawnNode([...args, file], { ...options, cwd });
  if (result.status !== 0) {
    throw new Error(
      `node ${[...args, file].join(' ')} exited with ${result.status}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

export interface ScriptOptions extends NodeOptions {
  /** `module` (the default) writes an `.mjs` script, `commonjs` a `.cjs` one. */
  readonly type?: 'module' | 'commonjs';
  /** The file name, without extension (default `script`). */
  readonly name?: string;
}

/**
 * Writes `source` as a script and runs it with Node, returning its stdout (see `runNode`). The script goes to
 * `options.cwd`, or to a fresh temporary directory that is also its working directory.
 */
export function runScript(source: string, options: ScriptOptions = {}): string {
  const dir = options.cwd ?? freshDir('script');
  const file = join(dir, `${options.name ?? 'script'}.${options.type === 'commonjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(file, source);
  return runNode(dir, file, [], options);
}

/** The last non-empty line of a process's output (TensorFlow.js may print notices before it). */
export function lastLine(output: string): string {
  return (
    output
      .split('\n')
      .filter((l) => l.trim() !== '')
      .at(-1) ?? ''
  );
}
