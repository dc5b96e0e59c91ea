// MMEngine's DictAction grammar for `--cfg-options KEY=VALUE ...`:
//   a=1 -> 1, b=0.1 -> 0.1, c=x -> 'x', d=false / False -> false, e=None -> null,
//   k=a,b -> ['a', 'b'], k=[(a,b),[1,2],false] -> [['a', 'b'], [1, 2], false]  (tuples become arrays),
//   quotes around the value are stripped and spaces removed; brackets must balance; later options win.
import { type Dict, setOwn } from './dict';
import { ConfigError } from './errors';
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

class Unbalanced extends Error {}

/** Index of the first comma outside brackets, or the length. Brackets must pair up in order. */
function nextComma(text: string): number {
  let depth = 0;
  const stack: string[] = [];
  let end = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') stack.push(c === '(' ? ')' : ']');
    else if (c === ')' || c === ']') {
      if (stack.pop() !== c) throw new Unbalanced(text);
    } else if (c === ',' && stack.length === 0 && end < 0) end = i;
    depth = stack.length;
  }
  if (depth !== 0) throw new Unbalanced(text);
  return end < 0 ? text.length : end;
}

function stripQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  while (end > start && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  return text.slice(start, end);
}

/** DictAction._parse_iterable: a scalar, or a (nested) list written with brackets or commas. */
export function parseValue(raw: string): unknown {
  let text = stripQuotes(raw).replace(/ /g, '');
  if ((text.startsWith('(') && text.endsWith(')')) || (text.startsWith('[') && text.endsWith(']'))) {
    text = text.slice(1, -1);
  } else if (!text.includes(',')) {
    return parseScalar(text);
  }
  const values: unknown[] = [];
  while (text.length > 0) {
    const comma = nextComma(text);
    values.push(parseValue(text.slice(0, comma)));
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
    for (const [i, part] of parts.entries()) assertSafeKey(part, parts.slice(0, i + 1).join('.'));
    let value: unknown;
    try {
      value = parseValue(arg.slice(eq + 1));
    } catch (error) {
      if (!(error instanceof Unbalanced)) throw error;
      throw new ConfigError('CFG_OPTION', `Imbalanced brackets exist in ${JSON.stringify(arg.slice(eq + 1))}`, {
        keyPath: key,
      });
    }
    setOwn(options, key, value);
  }
  return options;
}
