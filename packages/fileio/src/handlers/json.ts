import { FileIOError } from '../errors';
import { BaseFileHandler, type HandlerOptions } from './base';

/**
 * JSON.stringify's replacer for values JSON has no form for (MMEngine's `set_default`):
 * Sets and typed arrays become arrays, Maps objects, safe bigints numbers.
 */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<unknown>);
  if (typeof value === 'bigint') {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
    throw new FileIOError('SERIALIZE_ERROR', `The bigint ${value} does not fit a JSON number exactly`);
  }
  return value;
}

/** Python `json.dumps`'s `separators`: between items, and between a key and its value. */
export type JsonSeparators = readonly [item: string, key: string];

// A JSON string token, or one of the separators JSON.stringify writes outside strings (`,` and `:` or `: `).
const JSON_SEPARATOR_TOKENS = /("(?:[^"\\]|\\.)*")|,|: ?/g;

function checkSeparators(value: unknown): JsonSeparators | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 2 && value.every((s) => typeof s === 'string')) {
    return value as unknown as JsonSeparators;
  }
  throw new FileIOError(
    'INVALID_ARGUMENT',
    `json separators must be a pair of strings [itemSeparator, keySeparator], got ${JSON.stringify(value)}`,
  );
}

/**
 * Serialises like Python's `json.dumps` (what MMEngine's `dump` writes): `{"a": 1, "b": [1, 2]}` by default,
 * `,` and `: ` between items and keys when `indent` is given, or the given `separators`
 * (`[',', ':']` for the most compact form).
 */
export function dumpJson(obj: unknown, indent?: number | string, separators?: JsonSeparators): string | undefined {
  const out = JSON.stringify(obj, jsonReplacer, indent);
  if (out === undefined) return undefined;
  // JSON.stringify ignores an indent of 0 or '' (one line), so Python's one-line separators apply then.
  const oneLine = indent === undefined || indent === '' || indent === 0;
  const [item, key] = separators ?? (oneLine ? [', ', ': '] : [',', ': ']);
  if (oneLine && item === ',' && key === ':') return out;
  return out.replace(JSON_SEPARATOR_TOKENS, (token: string, str: string | undefined) =>
    str !== undefined ? str : token === ',' ? item : key,
  );
}

/**
 * `json`: `JSON.parse`; dumping writes what Python's `json.dumps` writes (`{"a": 1, "b": [1, 2]}`), accepts `indent`
 * and `separators`, and turns Sets, Maps, typed arrays and bigints into JSON.
 */
export class JsonHandler extends BaseFileHandler {
  override loadFromString(text: string, options: HandlerOptions = {}): unknown {
    return JSON.parse(text, options.reviver as Parameters<typeof JSON.parse>[1]);
  }

  override dumpToString(obj: unknown, options: HandlerOptions = {}): string {
    const out = dumpJson(obj, options.indent, checkSeparators(options['separators']));
    if (out === undefined) {
      throw new FileIOError('SERIALIZE_ERROR', `A value of type ${typeof obj} has no JSON form`);
    }
    return out;
  }
}
