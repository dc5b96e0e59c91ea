import { inspect } from 'node:util';

/** A value as an example's `// → ...` comment shows it: Node's `util.inspect`, on one line. */
export function showValue(value: unknown): string {
  return inspect(value, { depth: 8, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 200 });
}

/** Spacing, quotes around plain keys and line breaks do not count when comparing shown values. */
export function normalizeShown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(['"])([A-Za-z_$][\w$]*|\d+)\1:/g, '$2:')
    .replace(/([[{(]) /g, '$1')
    .replace(/ ([\]})])/g, '$1')
    .replace(/,([\]}])/g, '$1')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether `actual` is what a comment says: equal once normalised, where `…` in the comment stands for any text and
 * the comment may go on after the value with a note (`, as in MMEngine` or `(the default)`).
 */
export function matchesExpected(expected: string, actual: string): boolean {
  const pattern = normalizeShown(expected).split('…').map(escapeRegExp).join('.*?');
  const want = normalizeShown(expected);
  const got = normalizeShown(actual);
  if (new RegExp(`^${pattern}$`, 's').test(got)) return true;
  // a note after the value: the value part must match exactly, and the note start with ", " or " ("
  for (const separator of [', ', ' (']) {
    let from = want.indexOf(separator);
    while (from >= 0) {
      const head = want.slice(0, from).split('…').map(escapeRegExp).join('.*?');
      const note = want.slice(from);
      if ((separator === ', ' || note.endsWith(')')) && new RegExp(`^${head}$`, 's').test(got)) return true;
      from = want.indexOf(separator, from + 1);
    }
  }
  return false;
}
