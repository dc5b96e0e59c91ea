// Where a TS/JS config threw, as `line:column` of the file as written. jiti transpiles TS (keeping lines but not
// columns), so a position in a transpiled file is mapped back through the source map of the same transform.
import { SourceMap } from 'node:module';
import type { Jiti } from 'jiti';

export interface SourcePosition {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** How the config's code was evaluated: transpiled (TS, or text given to `Config.fromString`) or as written. */
export interface EvaluatedSource {
  source: string;
  transpiled: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first frame of `error.stack` inside `file`, as V8 reports it (1-based line and column). */
export function frameIn(file: string, error: unknown): SourcePosition | undefined {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  // frames only: the message at the top of the stack may quote paths of its own
  const frame = new RegExp(`^\\s+at .*?${escapeRegExp(file)}:(\\d+):(\\d+)\\)?$`);
  for (const line of stack.split('\n')) {
    const match = frame.exec(line);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}

// not anchored at the end: code that jiti serves from its disk cache ends with a `/* v9-... */` comment after it
const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)/;

/** `source` transpiled as jiti evaluates it, with an inline source map. */
export function transpiled(source: string, file: string, mapper: Jiti): string {
  return mapper.transform({ source, filename: file, ts: /\.[cm]?tsx?$/.test(file), async: true });
}

/**
 * The position in the file as written of a stack frame `at` of evaluated code. `mapper` transpiles the source
 * as jiti did, with an inline source map. jiti runs the code inside a function wrapper that it writes on the
 * code's first line, so a column on line 1 is `firstLineOffset` columns further right than in the code.
 */
export function originalPosition(
  at: SourcePosition,
  file: string,
  evaluated: EvaluatedSource,
  mapper: () => Jiti,
  firstLineOffset: number | undefined,
): SourcePosition {
  if (!evaluated.transpiled) return at;
  const column = at.line === 1 ? at.column - (firstLineOffset ?? Number.NaN) : at.column;
  if (!(column >= 1)) return at;
  try {
    const inline = INLINE_MAP.exec(transpiled(evaluated.source, file, mapper()));
    if (!inline) return at;
    const map = new SourceMap(JSON.parse(Buffer.from(inline[1] as string, 'base64').toString('utf8')));
    const entry = map.findEntry(at.line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return at;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return at;
  }
}
