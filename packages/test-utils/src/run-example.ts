import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatWithOptions } from 'node:util';
import { type ExampleCheck, type ExampleProbe, findChecks, instrument, PROBE_KEY } from './example-checks';
import { matchesExpected, showValue } from './expected-text';
import { rewriteEngImports } from './source-imports';
import { freshDir } from './temp-dir';

export interface RunExampleOptions {
  /** The package whose example this is: `@eng/*` imports resolve to sources as seen from it. */
  readonly packageDir: string;
  /** `ts` (the default) or `js`: how the example is loaded. */
  readonly lang?: string;
  /** The working directory during the run (relative paths in the example resolve from it). */
  readonly cwd?: string;
  /** Text replaced in the example before it runs, e.g. a fixed `/tmp/...` path by a fresh directory. */
  readonly replace?: ReadonlyArray<readonly [string | RegExp, string]>;
  /** Environment variables set during the run (`undefined` removes one). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the example comes from, for messages (`README.md`); with `line`, errors name the file's lines. */
  readonly source?: string;
  /** The line of `source` where the example's first line is. */
  readonly line?: number;
}

export interface CheckResult extends ExampleCheck {
  /** What the statement gave the first time it ran, as compared (`undefined` when it never ran). */
  readonly actual: string | undefined;
  readonly ok: boolean;
}

export interface ExampleResult {
  /** Everything the example printed to stdout (`console.log`, `console.info` and direct writes), in order. */
  readonly printed: string;
  /** Each `// → ...` / `// prints ...` comment and what the run gave. */
  readonly checks: readonly CheckResult[];
  /** The example's top-level variables, classes and functions after it ran. */
  readonly bindings: Readonly<Record<string, unknown>>;
}

/** Thrown when an example runs but what it gives differs from what its comments say. */
export class ExampleMismatchError extends Error {
  override readonly name = 'ExampleMismatchError';
  constructor(
    message: string,
    readonly result: ExampleResult,
  ) {
    super(message);
  }
}

type Write = typeof process.stdout.write;

/**
 * Runs an example in this process (TypeScript is compiled as the test runner compiles tests) with its `@eng/*`
 * imports pointing at the packages' sources, collects what it prints and checks its `// →` / `// prints` comments.
 * Throws the example's own error, or an `ExampleMismatchError` listing each comment that does not hold.
 */
export async function runExample(code: string, options: RunExampleOptions): Promise<ExampleResult> {
  let text = code;
  for (const [from, to] of options.replace ?? []) {
    text = text.replaceAll(
      typeof from === 'string' || from.global ? from : new RegExp(from.source, `${from.flags}g`),
      to,
    );
  }
  const checks = findChecks(text);
  const dir = freshDir('example');
  const file = join(dir, `example.${options.lang === 'js' || options.lang === 'javascript' ? 'mjs' : 'ts'}`);
  writeFileSync(file, rewriteEngImports(instrument(text, checks), options.packageDir));

  const printed: string[] = [];
  const perLine = new Map<number, string[]>();
  const values = new Map<number, string>();
  let current: string[] | undefined;
  let bindings: Record<string, unknown> = {};
  const print = (chunk: string) => {
    printed.push(chunk);
    current?.push(chunk);
  };
  const probe: ExampleProbe = {
    start(line) {
      current = perLine.has(line) ? undefined : [];
      if (current) perLine.set(line, current);
    },
    end() {
      current = undefined;
    },
    value(line, value) {
      if (!values.has(line)) values.set(line, showValue(value));
      return value;
    },
    bindings(found) {
      bindings = found;
    },
  };

  const log = console.log;
  const info = console.info;
  const write = process.stdout.write;
  const cwd = process.cwd();
  const savedEnv = Object.entries(options.env ?? {}).map(([k]) => [k, process.env[k]] as const);
  const globals = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(PROBE_KEY);
  globals[key] = probe;
  console.log = (...args: unknown[]) =>
    print(`${formatWithOptions({ breakLength: Number.POSITIVE_INFINITY }, ...args)}\n`);
  console.info = console.log;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    print(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as Write;
  try {
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (options.cwd) process.chdir(options.cwd);
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    console.log = log;
    console.info = info;
    process.stdout.write = write;
    process.chdir(cwd);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete globals[key];
  }

  const results = checks.map((check): CheckResult => {
    const output = perLine.get(check.line);
    const actual = check.kind === 'value' ? values.get(check.line) : output?.join('').replace(/\n$/, '');
    return { ...check, actual, ok: actual !== undefined && matchesExpected(check.expected, actual) };
  });
  const result: ExampleResult = { printed: printed.join(''), checks: results, bindings };
  const wrong = results.filter((r) => !r.ok);
  if (wrong.length > 0) {
    const where = (line: number) =>
      options.line === undefined ? `line ${line}` : `${options.source ?? 'the example'}:${options.line + line - 1}`;
    const lines = wrong.map((r) =>
      r.actual === undefined
        ? `${where(r.line)}: the checked statement never ran`
        : `${where(r.line)}: the comment says ${r.kind === 'value' ? '→' : 'it prints'} ${r.expected}\n    but it ${r.kind === 'value' ? 'gave' : 'printed'} ${r.actual === '' ? 'nothing' : r.actual}`,
    );
    throw new ExampleMismatchError(`the example does not do what its comments say:\n  ${lines.join('\n  ')}`, result);
  }
  return result;
}
