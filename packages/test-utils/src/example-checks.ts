/**
 * The checks an example states in its comments, and the rewrite that lets a run verify them.
 *
 * A line whose comment starts with `→` (or `prints`) states what it gives:
 * - `console.log(...); // → text` and `anything(); // prints text`: what the statement prints;
 * - `expression; // → value` and `const name = expression; // → value`: the value, written as Node's
 *   `util.inspect` would show it (spacing and quotes around keys do not matter; `…` stands for anything; a note may
 *   follow the value after `, ` or in parentheses).
 * Other comments are prose and are not checked.
 */
export interface ExampleCheck {
  /** 1-based line in the example where the comment is. */
  readonly line: number;
  /** `value` compares the statement's value, `output` what it printed. */
  readonly kind: 'value' | 'output';
  /** The text after `→` / `prints`. */
  readonly expected: string;
}

/** Each character of one line of code that is not inside a string literal, with its index. */
function* outsideStrings(line: string): Generator<[number, string]> {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else yield [i, c];
  }
}

/** Where a comment starts in one line of code (`-1` when there is none), skipping strings. */
export function commentStart(line: string): number {
  for (const [i, c] of outsideStrings(line)) if (c === '/' && line[i + 1] === '/') return i;
  return -1;
}

const CHECK = /^\/\/\s*(→|prints:?)\s*(.*?)\s*$/;

/** The checks an example's comments state, in line order. */
export function findChecks(code: string): ExampleCheck[] {
  const checks: ExampleCheck[] = [];
  code.split('\n').forEach((text, index) => {
    const at = commentStart(text);
    if (at < 0) return;
    const match = CHECK.exec(text.slice(at));
    const statement = text.slice(0, at).trim();
    if (!match || statement === '') return;
    const printsByName = match[1]?.startsWith('prints') ?? false;
    const kind = printsByName || /^console\.log\(/.test(statement) ? 'output' : 'value';
    checks.push({ line: index + 1, kind, expected: match[2] ?? '' });
  });
  return checks;
}

/** How many more brackets a line opens than it closes, outside strings and its comment. */
function bracketBalance(code: string): number {
  let depth = 0;
  for (const [i, c] of outsideStrings(code)) {
    if (c === '/' && code[i + 1] === '/') break;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return depth;
}

/** The global through which an instrumented example reports to the run that imports it. */
export const PROBE_KEY = '@eng/test-utils/example-probe';

/** What the instrumented code calls; `runExample` provides it. */
export interface ExampleProbe {
  /** A checked statement on `line` starts (what it prints from now on belongs to it). */
  start(line: number): void;
  /** The checked statement on `line` ended. */
  end(line: number): void;
  /** The value of the checked statement on `line`; returned unchanged. */
  value<T>(line: number, value: T): T;
  /** The example's top-level bindings, once it has run to the end. */
  bindings(values: Record<string, unknown>): void;
}

const DECLARATION = /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=/;

function fail(line: number, message: string): never {
  throw new Error(`line ${line} of the example: ${message}`);
}

/** Top-level names the example declares (`const`, `let`, `var`, `class`, `function`, simple destructuring). */
export function topLevelNames(code: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (const raw of code.split('\n')) {
    const at = commentStart(raw);
    const text = at < 0 ? raw : raw.slice(0, at);
    if (depth === 0) {
      const decl =
        /^(?:export\s+)?(?:(?:const|let|var)\s+([\w$]+|\{[^}]*\}|\[[^\]]*\])|(?:async\s+)?function\*?\s+([\w$]+)|(?:abstract\s+)?class\s+([\w$]+))/.exec(
          text,
        );
      const target = decl?.[1] ?? decl?.[2] ?? decl?.[3];
      if (target && /^[[{]/.test(target)) {
        for (const part of target.slice(1, -1).split(',')) {
          const name = /(?:\.\.\.)?\s*(?:[\w$]+\s*:\s*)?([A-Za-z_$][\w$]*)\s*(?:=.*)?$/.exec(part.trim())?.[1];
          if (name) names.add(name);
        }
      } else if (target) names.add(target);
    }
    depth += bracketBalance(text);
  }
  return [...names];
}

/**
 * The example's code with probe calls added on the checked lines (no line is added or removed, so errors point at
 * the example's own lines) and a last line that hands its top-level bindings to the probe.
 */
export function instrument(code: string, checks: readonly ExampleCheck[]): string {
  const lines = code.replace(/\n$/, '').split('\n');
  const probe = `globalThis[Symbol.for(${JSON.stringify(PROBE_KEY)})]`;
  for (const check of checks) {
    const endIndex = check.line - 1;
    const endText = lines[endIndex] as string;
    const at = commentStart(endText);
    const endCode = endText.slice(0, at).replace(/\s+$/, '');
    // find the line the statement starts on: walk up until the brackets balance
    let startIndex = endIndex;
    let balance = bracketBalance(endCode);
    while (balance < 0 && startIndex > 0) {
      startIndex--;
      const previous = lines[startIndex] as string;
      const c = commentStart(previous);
      balance += bracketBalance(c < 0 ? previous : previous.slice(0, c));
    }
    if (balance !== 0) fail(check.line, 'cannot find where the checked statement starts');
    const startText = lines[startIndex] as string;
    const indent = /^\s*/.exec(startText)?.[0] ?? '';
    const startCode = startText.slice(indent.length);
    if (/^[.?:+\-*/&|)\]}]/.test(startCode)) fail(check.line, 'a checked comment must end a whole statement');
    const comment = endText.slice(at);
    if (check.kind === 'output') {
      lines[startIndex] = `${indent}${probe}.start(${check.line}); ${startCode}`;
      const last =
        startIndex === endIndex ? (lines[startIndex] as string).slice(0, -comment.length).trimEnd() : endCode;
      lines[endIndex] = `${last}${last.endsWith(';') ? '' : ';'} ${probe}.end(${check.line}); ${comment}`;
      continue;
    }
    const declaration = DECLARATION.exec(startCode);
    if (declaration) {
      const name = declaration[1] as string;
      const last = startIndex === endIndex ? `${indent}${startCode.slice(0, -comment.length).trimEnd()}` : endCode;
      lines[endIndex] = `${last}${last.endsWith(';') ? '' : ';'} ${probe}.value(${check.line}, ${name}); ${comment}`;
      continue;
    }
    if (
      /^(?:import|export|if|for|while|do|switch|return|throw|class|function|let|const|var|type|interface)\b/.test(
        startCode,
      )
    ) {
      fail(check.line, 'only an expression or a `const name = ...` declaration has a value to check');
    }
    const opened = `${indent}${probe}.value(${check.line}, (${startCode}`;
    if (startIndex === endIndex) {
      const body = opened.slice(0, -comment.length).trimEnd().replace(/;$/, '');
      lines[endIndex] = `${body})); ${comment}`;
    } else {
      lines[startIndex] = opened;
      lines[endIndex] = `${endCode.replace(/;$/, '')})); ${comment}`;
    }
  }
  const names = topLevelNames(code);
  lines.push(`;${probe}.bindings({ ${names.join(', ')} });`);
  return `${lines.join('\n')}\n`;
}
