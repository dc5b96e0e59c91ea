// Where a TS/JS config threw, as `line:column` of the file as written. Both transforms keep lines but not
// columns, so a position in transpiled code is mapped back through the source map of the same transform.
import { SourceMap, type SourceMapPayload } from 'node:module';

export interface SourcePosition {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/**
 * How the config's code was evaluated: as written (Node imported it), transpiled by jiti (TS, or text given to
 * `Config.fromString`), or transpiled by the fast path's sucrase transform.
 */
export interface EvaluatedSource {
  source: string;
  by: 'node' | 'jiti' | 'sucrase';
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

/**
 * The position in the file as written of a stack frame `at` of transpiled code whose source map `map` gives.
 * `column` is the frame's column already corrected for a wrapper written on the code's first line.
 */
export function mappedPosition(at: SourcePosition, column: number, map: SourceMapPayload | undefined): SourcePosition {
  if (!(column >= 1) || map === undefined) return at;
  try {
    const entry = new SourceMap(map).findEntry(at.line - 1, column - 1) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return at;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return at;
  }
}
