// MMEngine's DictAction grammar for `--cfg-options KEY=VALUE ...`:
//   a=1 -> 1, b=0.1 -> 0.1, c=x -> 'x', d=false / False -> false, e=None -> null,
//   k=a,b -> ['a', 'b'], k=[(a,b),[1,2],false] -> [['a', 'b'], [1, 2], false]  (tuples become arrays),
//   quotes around the value are stripped and spaces removed; brackets must balance; later options win.
// Where MMEngine recurses forever or builds junk (`k=[1,2]x`, brackets that pair out of order, keys like `a..b`)
// this is a ConfigError that names the option.
import { type Dict, setOwn } from './dict';
import { ConfigError } from './errors';
import { emptySegmentPlace } from './key-path';
import { assertSafeKey } from './safe-keys';

const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_INT = new RegExp(`^[+-]?${DIGITS}$`);
const PY_FLOAT = new RegExp(`^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?$`);
const PY_SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

/** Python's int(), then float(), then true/false (any case), then None; else the string itself. */
export function parseScalar(value: string): unknown {
  if (PY_INT.test(value)) return Number(value.replace(/_/g, ''));
  if (PY_FLOAT.test(value)) return Number(value.replace(/_/g, ''));
  const special = PY_SPECIAL_FLOAT.exec(value);
  if (special) {
    if ((special[2] as string).toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (value === 'None') return null;
  return value;
}

/** Why a value cannot be read; parseCfgOptions turns it into a ConfigError naming the option. */
class BadValue extends Error {}

/** `text` quoted for a message, shortened in the middle when it is long. */
function shown(text: string): string {
  return JSON.stringify(text.length <= 80 ? text : `${text.slice(0, 50)}...${text.slice(-20)}`);
}

/** How deep `[[...]]` may nest (Python's recursion limit stops MMEngine near 1000). */
const MAX_DEPTH = 100;

const CLOSER: Record<string, string> = { '(': ')', '[': ']' };

/**
 * Checks that the brackets of `text` pair up in order; returns the index of the bracket that closes the one at 0
 * (-1 when `text` does not start with a bracket).
 */
function checkBrackets(text: string): number {
  const stack: string[] = [];
  let firstClose = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const closer = CLOSER[c];
    if (closer !== undefined) stack.push(closer);
    else if (c === ')' || c === ']') {
      if (stack.pop() !== c) throw new BadValue(`Imbalanced brackets exist in ${shown(text)}`);
      if (stack.length === 0 && firstClose < 0 && CLOSER[text[0] as string] !== undefined) firstClose = i;
    }
  }
  if (stack.length > 0) throw new BadValue(`Imbalanced brackets exist in ${shown(text)}`);
  return firstClose;
}

/** Index of the first comma outside brackets, or the length (the brackets of `text` pair up). */
function nextComma(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return text.length;
}

function stripQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  while (end > start && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  return text.slice(start, end);
}

/**
 * DictAction._parse_iterable: a scalar, or a (nested) list written with brackets or commas. Where MMEngine
 * recurses forever (`[1,2]x`, `(a,b),(c,d)`) this is an error or, for a comma list of bracketed items, that list.
 */
export function parseValue(raw: string, depth = 0): unknown {
  let text = stripQuotes(raw).replace(/ /g, '');
  const opens = text.startsWith('(') || text.startsWith('[');
  const wrapped = (text.startsWith('(') && text.endsWith(')')) || (text.startsWith('[') && text.endsWith(']'));
  // as MMEngine: no comma and no enclosing brackets is a scalar, even `[1` or `a[0]`
  if (!wrapped && !text.includes(',')) return parseScalar(text);
  const firstClose = checkBrackets(text);
  if (opens && firstClose === text.length - 1) {
    if (depth >= MAX_DEPTH) throw new BadValue(`lists are nested more than ${MAX_DEPTH} deep`);
    text = text.slice(1, -1);
  } else if (nextComma(text) === text.length) {
    // commas only inside brackets, and more text around them: `[1,2]x`, `x[1,2]`, `[1,2][3,4]`
    throw new BadValue(`${shown(text)} has text outside its brackets; write a list as [a,b], (a,b) or a,b`);
  }
  const values: unknown[] = [];
  while (text.length > 0) {
    const comma = nextComma(text);
    values.push(parseValue(text.slice(0, comma), depth + 1));
    text = text.slice(comma + 1);
  }
  return values;
}

/**
 * Parses `--cfg-options` arguments into `{ 'dotted.key': value }`, ready for `config.mergeFromDict`.
 *
 * @example
 * parseCfgOptions(['optim_wrapper.optimizer.lr=0.01', 'model.in_channels=[1,1,1]']);
 * // { 'optim_wrapper.optimizer.lr': 0.01, 'model.in_channels': [1, 1, 1] }
 */
export function parseCfgOptions(args: readonly string[]): Record<string, unknown> {
  const options: Dict = {};
  for (const arg of args) {
    const eq = typeof arg === 'string' ? arg.indexOf('=') : -1;
    if (eq <= 0) {
      throw new ConfigError('CFG_OPTION', `--cfg-options expects KEY=VALUE, got ${JSON.stringify(arg)}`, {
        keyPath: typeof arg === 'string' ? arg : undefined,
      });
    }
    const key = arg.slice(0, eq);
    const parts = key.split('.');
    const empty = parts.indexOf('');
    if (empty >= 0) {
      throw new ConfigError(
        'CFG_OPTION',
        `--cfg-options ${JSON.stringify(arg)}: the key ${JSON.stringify(key)} has an empty segment ` +
          `${emptySegmentPlace(parts, empty)}; write a dotted key such as model.backbone.depth`,
        { keyPath: key },
      );
    }
    for (const [i, part] of parts.entries()) assertSafeKey(part, parts.slice(0, i + 1).join('.'));
    let value: unknown;
    try {
      value = parseValue(arg.slice(eq + 1));
    } catch (error) {
      if (!(error instanceof BadValue)) throw error;
      throw new ConfigError('CFG_OPTION', `--cfg-options ${shown(arg)}: ${error.message}`, {
        keyPath: key,
      });
    }
    setOwn(options, key, value);
  }
  return options;
}
