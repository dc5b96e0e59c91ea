import { describe } from '../describe/describe';
import { didYouMean } from '../suggest/nearest-names';

/** The parts of a zod 4 issue that the messages use (zod's own type is wider). */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

/** One problem with one key: `path` relative to the options object, `message` without the key. */
export interface OptionIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const ARTICLE_TYPES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  function: 'a function',
  bigint: 'a bigint',
  symbol: 'a symbol',
  int: 'an integer',
  null: 'null',
  undefined: 'undefined',
  map: 'a Map',
  set: 'a Set',
  date: 'a Date',
};

/** zod's names for checks that say nothing about the type (`z.custom`, a required key): no type to name. */
const UNTYPED = new Set(['nonoptional', 'custom', 'any', 'unknown', 'never']);

function expectedType(expected: string | undefined): string | undefined {
  if (expected === undefined || UNTYPED.has(expected)) return undefined;
  return ARTICLE_TYPES[expected] ?? expected;
}

/** The value at `path` inside `root`, or undefined when the path leaves the data. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** The types a union's branches expected, when every branch failed on the value itself. */
function unionExpectations(issue: ZodIssueLike): string[] | undefined {
  const expected: string[] = [];
  for (const branch of issue.errors ?? []) {
    const first = branch[0];
    if (branch.length !== 1 || first === undefined || first.path.length !== 0) return undefined;
    if (first.code === 'invalid_type') expected.push(expectedType(first.expected) ?? 'something else');
    else if (first.code === 'invalid_value') expected.push(...(first.values ?? []).map(quote));
    else return undefined;
  }
  return expected.length > 0 ? [...new Set(expected)] : undefined;
}

/** Whether a branch failed on its discriminator: a literal (`type: 'norm'`) the value does not have. */
function missesDiscriminator(branch: readonly ZodIssueLike[]): boolean {
  return branch.some((i) => i.code === 'invalid_value' && i.path.length === 1 && i.path[0] === 'type');
}

/**
 * The branch of a failed union that fits the value best: one whose `type` literal matches, if any (a
 * `{ type: 'value', ... }` config is about the 'value' branch), then the one that got furthest into the value
 * (its issues have the longest paths).
 */
function furthestBranch(issue: ZodIssueLike): readonly ZodIssueLike[] | undefined {
  const branches = issue.errors ?? [];
  const matching = branches.filter((b) => !missesDiscriminator(b));
  let best: readonly ZodIssueLike[] | undefined;
  let bestDepth = -1;
  for (const branch of matching.length > 0 ? matching : branches) {
    const depth = Math.max(...branch.map((i) => i.path.length));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function bound(issue: ZodIssueLike, got: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  if (issue.origin === 'number' || issue.origin === 'bigint') {
    return `expected a number ${op} ${String(limit)}, got ${String(got)}`;
  }
  const unit = issue.origin === 'string' ? 'characters' : 'items';
  const length = (got as { length?: unknown } | null)?.length;
  return `expected ${small ? 'at least' : 'at most'} ${String(limit)} ${unit}, got ${describe(got)}${typeof length === 'number' && !Array.isArray(got) ? ` (length ${length})` : ''}`;
}

/**
 * Turns a zod issue into messages a user can act on: an unknown key names the nearest valid keys and lists them all,
 * a wrong type says what was expected and what was got (`expected a number, got the string "0.1"`).
 */
export function optionIssues(
  issue: ZodIssueLike,
  input: unknown,
  keysAt: (path: readonly PropertyKey[]) => readonly string[] | undefined,
  basePath: readonly PropertyKey[] = [],
): OptionIssue[] {
  const path = [...basePath, ...issue.path];
  const got = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const valid = keysAt(path) ?? [];
      return (issue.keys ?? []).map((key) => {
        const hint = didYouMean(key, valid);
        const list = valid.length > 0 ? ` Valid options: ${[...valid].sort().join(', ')}.` : '';
        return { path: [...path, key], message: `unknown option.${hint ? ` ${hint}` : ''}${list}` };
      });
    }
    case 'invalid_type': {
      const type = expectedType(issue.expected);
      if (got === undefined) return [{ path, message: type ? `is required (expected ${type})` : 'is required' }];
      return [{ path, message: `expected ${type ?? 'another value'}, got ${describe(got)}` }];
    }
    case 'invalid_value': {
      const values = issue.values ?? [];
      const strings = values.filter((v): v is string => typeof v === 'string');
      const hint = typeof got === 'string' ? didYouMean(got, strings) : '';
      const one = values.length === 1 ? quote(values[0]) : `one of ${values.map(quote).join(', ')}`;
      return [{ path, message: `expected ${one}, got ${describe(got)}.${hint ? ` ${hint}` : ''}` }];
    }
    case 'invalid_union': {
      const expectations = unionExpectations(issue);
      if (expectations) {
        const literals = (issue.errors ?? []).flatMap((branch) =>
          branch.flatMap((inner) => (inner.values ?? []).filter((v): v is string => typeof v === 'string')),
        );
        const hint = typeof got === 'string' ? didYouMean(got, literals) : '';
        const message = `expected ${expectations.join(' or ')}, got ${describe(got)}${hint ? `. ${hint}` : ''}`;
        return [{ path, message }];
      }
      const branch = furthestBranch(issue);
      if (branch) return branch.flatMap((inner) => optionIssues(inner, input, keysAt, path));
      return [{ path, message: `${issue.message}, got ${describe(got)}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: bound(issue, got) }];
    default:
      return [{ path, message: issue.message }];
  }
}
