// One walk over the data of a loaded file (or a dict given by the user): copies plain objects and arrays,
// refuses `__proto__` keys, applies string substitutions and replaces `{{_base_.x}}` references.
import { deepCopy } from '@eng/internal';
import { ANY_REF, lookupBaseRef, WHOLE_REF } from './base-refs';
import { type Dict, isDict, setOwn } from './dict';
import { ConfigError } from './errors';
import { assertNoProtoLiteral, assertSafeKey } from './safe-keys';

export interface NormalizeOptions {
  file?: string | undefined;
  /** merged base configs, for `{{_base_.x}}`; undefined when the file has no `_base_` */
  base?: Dict | undefined;
  /** resolve `{{_base_.x}}` references (off for data that did not come from a config file) */
  baseRefs?: boolean;
  /** extra substitution on every string (predefined and environment variables of TS/JS configs) */
  transformString?: ((value: string) => string) | undefined;
  /** set to true when a `_delete_` key is met, so that callers can skip looking for them */
  seen?: { deleteKey: boolean };
}

/** How deep config data may nest: deeper data is refused before a recursive walk overflows the call stack. */
export const MAX_NESTING = 1000;

export function normalize(value: unknown, options: NormalizeOptions, keyPath = '', depth = 0): unknown {
  if (typeof value === 'string') {
    let text = value;
    if (options.transformString && text.includes('{{')) text = options.transformString(text);
    if (options.baseRefs && text.includes('_base_.')) {
      const whole = WHOLE_REF.exec(text);
      if (whole) return deepCopy(lookupBaseRef(options.base, whole[1] as string, options.file, keyPath), 'keep');
      if (ANY_REF.test(text)) {
        throw new ConfigError(
          'BASE_REF',
          `A {{_base_.x}} reference must be the whole value, not part of a string: ${JSON.stringify(text)}`,
          { file: options.file, keyPath },
        );
      }
    }
    return text;
  }
  if ((Array.isArray(value) || isDict(value)) && depth >= MAX_NESTING) {
    throw new ConfigError(
      'TOO_DEEP',
      `Config data is nested more than ${MAX_NESTING} levels deep at "${keyPath.split('.').slice(0, 3).join('.')}..."`,
      { file: options.file, keyPath: keyPath.split('.').slice(0, 3).join('.') },
    );
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => normalize(item, options, keyPath === '' ? String(i) : `${keyPath}.${i}`, depth + 1));
  }
  if (isDict(value)) {
    const out: Dict = {};
    for (const key of Object.keys(value)) {
      const childPath = keyPath === '' ? key : `${keyPath}.${key}`;
      assertSafeKey(key, childPath, options.file);
      if (key === '_delete_' && options.seen) options.seen.deleteKey = true;
      setOwn(out, key, normalize(value[key], options, childPath, depth + 1));
    }
    return out;
  }
  assertNoProtoLiteral(value, keyPath, options.file);
  return value;
}
