import { FileIOError } from '../errors';
import { BaseFileHandler, type HandlerOptions } from './base';

/**
 * JSON.stringify's replacer for values JSON has no form for (MMEngine's `set_default`):
 * Sets and typed arrays become arrays, Maps objects, safe bigints numbers.
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
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

/** `json`: `JSON.parse`; dumping accepts `indent` and turns Sets, Maps, typed arrays and bigints into JSON. */
export class JsonHandler extends BaseFileHandler {
  override loadFromString(text: string, options: HandlerOptions = {}): unknown {
    return JSON.parse(text, options.reviver as Parameters<typeof JSON.parse>[1]);
  }

  override dumpToString(obj: unknown, options: HandlerOptions = {}): string {
    const out = JSON.stringify(obj, jsonReplacer, options.indent);
    if (out === undefined) {
      throw new FileIOError('SERIALIZE_ERROR', `A value of type ${typeof obj} has no JSON form`);
    }
    return out;
  }
}
