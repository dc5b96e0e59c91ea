// Config data is plain objects with the ordinary prototype, so every read and write goes through these
// own-key helpers: a read of `constructor` or `__proto__` that is not an own key must not reach Object.prototype,
// and a write must never call the `__proto__` setter.

export type Dict = Record<string, unknown>;

/** The key whose assignment would call the `__proto__` setter; `setOwn` defines it as an own key instead. */
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
