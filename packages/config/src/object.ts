// Own-property helpers. Config data is plain objects with the ordinary prototype, so every read and write
// goes through these: a read of `constructor` or `__proto__` that is not an own key must not reach
// Object.prototype, and a write must never call the `__proto__` setter.
import { ConfigError } from './errors';

export type Dict = Record<string, unknown>;

/** Keys that could reach a prototype if written carelessly. `constructor` and `prototype` stay ordinary data. */
export const UNSAFE_KEY = '__proto__';

export function isDict(value: unknown): value is Dict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.hasOwn(obj, key);
}

export function getOwn(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Dict)[key] : undefined;
}

export function setOwn(obj: Dict, key: string, value: unknown): void {
  if (key === UNSAFE_KEY) {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

export function assertSafeKey(key: string, keyPath: string, file?: string): void {
  if (key === UNSAFE_KEY) {
    throw new ConfigError(
      'E_UNSAFE_KEY',
      `The key "__proto__" is not allowed in a config (at "${keyPath}"): it could change an object's prototype`,
      { file, keyPath },
    );
  }
}

/**
 * Refuses an object written as `{ __proto__: {...}, ... }` in a TS/JS config (or made with `Object.create(dict)`):
 * its prototype is data, which lookups would silently ignore. Class instances (a prototype with its own
 * `constructor`) are left alone.
 */
export function assertNoProtoLiteral(value: unknown, keyPath: string, file?: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return;
  if (Array.isArray(proto) || (isDict(proto) && !Object.hasOwn(proto, 'constructor'))) {
    assertSafeKey(UNSAFE_KEY, keyPath === '' ? UNSAFE_KEY : `${keyPath}.${UNSAFE_KEY}`, file);
  }
}

/**
 * Deep copy of config data: plain objects and arrays are copied, everything else (numbers, strings,
 * classes used as `type`, other instances) is kept by reference, as MMEngine's deepcopy keeps classes.
 */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (isDict(value)) {
    const out: Dict = {};
    for (const key of Object.keys(value)) setOwn(out, key, deepCopy(value[key]));
    return out as T;
  }
  return value;
}

/** Deep structural equality of config data (plain objects, arrays, primitives; others by identity). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isDict(value)) {
    Object.freeze(value);
    for (const item of Object.values(value as object)) deepFreeze(item);
  }
  return value;
}

/** A short name for the type of a config value, in the words of the data (`dict`, `list`, `number`, ...). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (typeof value === 'function')
    return /^class[\s{]/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/** A one-line preview of a value for error messages. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v) => (typeof v === 'function' ? `[${typeName(v)} ${v.name}]` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
