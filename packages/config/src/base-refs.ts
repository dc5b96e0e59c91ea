// `{{_base_.a.b}}` references: a copy of a value of the merged base configs.
// MMEngine writes them unquoted inside JSON/YAML text; here they may also be a whole quoted string
// (the only form a TS/JS config can use). Both end up as the string '{{_base_.a.b}}' after parsing,
// which `normalize` replaces with the referenced value.
import { type Dict, isDict } from './dict';
import { ConfigError } from './errors';
import { type OffsetMap, replaceMapped } from './text-map';

const REF_IN_TEXT = /\{\{\s*_base_\.([\w.]+)\s*\}\}/g;
export const WHOLE_REF = /^\{\{\s*_base_\.([\w.]+)\s*\}\}$/;
export const ANY_REF = /\{\{\s*_base_\./;

/** Intervals of the text that are inside JSON string literals. */
function jsonStringRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (start < 0) {
      if (c === 34) start = i;
    } else if (c === 92) {
      i++;
    } else if (c === 34) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  if (start >= 0) ranges.push([start, text.length]);
  return ranges;
}

/** Whether a YAML token stands alone as a value (after `key:`, `- `, `[`, `,`, `{`, and before a separator). */
function yamlValuePosition(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const before = i < 0 ? '\n' : (text[i] as string);
  const dashOk = before === '-' && (i === 0 || /\s/.test(text[i - 1] as string));
  if (
    !(
      before === '\n' ||
      before === '\r' ||
      before === ':' ||
      before === '[' ||
      before === ',' ||
      before === '{' ||
      before === '?' ||
      dashOk
    )
  ) {
    return false;
  }
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  const after = j >= text.length ? '\n' : (text[j] as string);
  return after === '\n' || after === '\r' || after === '#' || after === ',' || after === ']' || after === '}';
}

/** Quotes the unquoted references of JSON/YAML text so that the text parses. */
export function preSubstituteBaseRefs(text: string, format: 'json' | 'yaml', map: OffsetMap): string {
  if (!text.includes('_base_.')) return text;
  const ranges = format === 'json' ? jsonStringRanges(text) : [];
  return replaceMapped(
    text,
    REF_IN_TEXT,
    (m) => {
      const start = m.index;
      const end = start + m[0].length;
      const quoted =
        format === 'json' ? ranges.some(([a, b]) => start > a && start < b) : !yamlValuePosition(text, start, end);
      return quoted ? undefined : `"{{_base_.${m[1]}}}"`;
    },
    map,
  );
}

/** Looks a reference up in the merged bases; own keys and list indices only. */
export function lookupBaseRef(
  base: Dict | undefined,
  refPath: string,
  file: string | undefined,
  keyPath: string,
): unknown {
  if (base === undefined) {
    throw new ConfigError('BASE_REF', `{{_base_.${refPath}}} is used but the config has no _base_`, {
      file,
      keyPath,
    });
  }
  let current: unknown = base;
  const parts = refPath.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    let next: unknown;
    let found = false;
    if (Array.isArray(current) && /^\d+$/.test(part) && Number(part) < current.length) {
      next = current[Number(part)];
      found = true;
    } else if (isDict(current) && Object.hasOwn(current, part)) {
      next = current[part];
      found = true;
    }
    if (!found) {
      const at = parts.slice(0, i).join('.');
      const available = isDict(current) ? Object.keys(current).slice(0, 20).join(', ') : undefined;
      throw new ConfigError(
        'BASE_REF',
        `{{_base_.${refPath}}}: the base configs do not define "${parts.slice(0, i + 1).join('.')}"` +
          (available !== undefined ? ` (keys of ${at === '' ? 'the bases' : `"${at}"`}: ${available || 'none'})` : ''),
        { file, keyPath },
      );
    }
    current = next;
  }
  return current;
}
