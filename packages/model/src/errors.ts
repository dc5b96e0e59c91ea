/** Errors of @eng/model: each has a stable `code` so callers can branch on the kind of failure. */
export class ModelError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
    this.code = code;
  }
}

/** A state dict that does not fit the module: missing/unexpected keys (strict) or shape mismatches. */
export class StateDictError extends ModelError {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
  readonly mismatchedKeys: Array<{ key: string; expected: number[]; got: number[] }>;
  constructor(
    message: string,
    report: {
      missingKeys: string[];
      unexpectedKeys: string[];
      mismatchedKeys: Array<{ key: string; expected: number[]; got: number[] }>;
    },
  ) {
    super('STATE_DICT_MISMATCH', message);
    this.name = 'StateDictError';
    this.missingKeys = report.missingKeys;
    this.unexpectedKeys = report.unexpectedKeys;
    this.mismatchedKeys = report.mismatchedKeys;
  }
}

/** The closest names to `name` among `candidates` (edit distance), for "did you mean" messages. */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<[number, string]> = [];
  for (const c of candidates) scored.push([editDistance(name, c), c]);
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  const limit = Math.max(2, Math.ceil(name.length / 2));
  return scored
    .filter(([d]) => d <= limit)
    .slice(0, max)
    .map(([, c]) => c);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
