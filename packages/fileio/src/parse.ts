import { FileIOError } from './errors';
import { getText, type TextIOOptions } from './io';

export interface ListFromFileOptions extends TextIOOptions {
  /** Prepended to every item. Default `''`. */
  prefix?: string;
  /** Lines to skip at the start. Default 0. */
  offset?: number;
  /** Most lines to return; 0 or less means all. Default 0. */
  maxNum?: number;
}

/** The file's lines, without line endings; a final newline does not add an empty line. */
function lines(text: string): string[] {
  const out = text.split('\n');
  if (out.at(-1) === '') out.pop();
  return out.map((line) => line.replace(/\r+$/, ''));
}

/**
 * Reads a text file (from any backend) as a list of lines, MMEngine's `list_from_file`.
 *
 * @example
 * ```ts
 * // a.txt holds the lines a b c d e
 * await listFromFile('a.txt');                     // ['a', 'b', 'c', 'd', 'e']
 * await listFromFile('a.txt', { offset: 2 });      // ['c', 'd', 'e']
 * await listFromFile('a.txt', { maxNum: 2 });      // ['a', 'b']
 * await listFromFile('a.txt', { prefix: '/mnt/' }); // ['/mnt/a', ..., '/mnt/e']
 * ```
 */
export async function listFromFile(uri: string, options: ListFromFileOptions = {}): Promise<string[]> {
  const { prefix = '', offset = 0, maxNum = 0, ...io } = options;
  let items = lines(await getText(uri, io)).slice(Math.max(0, offset));
  if (maxNum > 0) items = items.slice(0, maxNum);
  return items.map((line) => prefix + line);
}

/** How `dictFromFile` converts the first column: MMEngine's `key_type`. */
export type KeyType<K extends string | number> = 'str' | 'int' | 'float' | ((key: string) => K);

export interface DictFromFileOptions<K extends string | number = string> extends TextIOOptions {
  /** Conversion of keys: `'str'`/`String` (default), `'int'`, `'float'`/`Number`, or a function. */
  keyType?: KeyType<K>;
}

function keyConverter<K extends string | number>(keyType: KeyType<K> | undefined): (raw: string) => string | number {
  if (keyType === undefined || keyType === 'str' || keyType === (String as unknown)) return (raw) => raw;
  if (keyType === 'int') {
    return (raw) => {
      if (!/^[+-]?\d+$/.test(raw)) throw new Error(`'${raw}' is not an integer`);
      return Number.parseInt(raw, 10);
    };
  }
  if (keyType === 'float' || keyType === (Number as unknown)) {
    return (raw) => {
      const n = Number(raw);
      if (Number.isNaN(n)) throw new Error(`'${raw}' is not a number`);
      return n;
    };
  }
  if (typeof keyType === 'function') return keyType as (raw: string) => K;
  throw new FileIOError(
    'INVALID_ARGUMENT',
    `Unknown keyType ${String(keyType)}: use 'str', 'int', 'float' or a function`,
  );
}

/**
 * Reads a text file of whitespace-separated columns as a dict, MMEngine's `dict_from_file`: the first column
 * is the key; one more column gives a string value, several give an array. JavaScript object keys are
 * strings, so `keyType` validates and normalises keys (`'01'` becomes `1` with `'int'`).
 *
 * @example
 * ```ts
 * // b.txt: "1 cat\n2 dog cow\n3 panda\n"
 * await dictFromFile('b.txt');                     // { '1': 'cat', '2': ['dog', 'cow'], '3': 'panda' }
 * await dictFromFile('b.txt', { keyType: 'int' }); // { 1: 'cat', 2: ['dog', 'cow'], 3: 'panda' }
 * ```
 */
export function dictFromFile(
  uri: string,
  options: TextIOOptions & { keyType: 'int' | 'float' },
): Promise<Record<number, string | string[]>>;
export function dictFromFile<K extends string | number = string>(
  uri: string,
  options?: DictFromFileOptions<K>,
): Promise<Record<K, string | string[]>>;
export async function dictFromFile<K extends string | number = string>(
  uri: string,
  options: DictFromFileOptions<K> = {},
): Promise<Record<K, string | string[]>> {
  const { keyType, ...io } = options;
  const convert = keyConverter(keyType);
  const out = {} as Record<K, string | string[]>;
  const all = lines(await getText(uri, io));
  for (let i = 0; i < all.length; i++) {
    const items = all[i]!.split(/\s+/).filter(Boolean);
    if (items.length < 2) {
      throw new FileIOError(
        'PARSE_ERROR',
        `${uri}:${i + 1}: expected a key and at least one value separated by whitespace, got '${all[i]}'`,
        { uri },
      );
    }
    let key: string | number;
    try {
      key = convert(items[0]!);
    } catch (cause) {
      throw new FileIOError('PARSE_ERROR', `${uri}:${i + 1}: bad key: ${(cause as Error).message}`, { uri, cause });
    }
    Object.defineProperty(out, key, {
      value: items.length > 2 ? items.slice(1) : items[1],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
