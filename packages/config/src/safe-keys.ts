// Config data refuses `__proto__` keys, the one key that could reach a prototype if written carelessly.
// `constructor` and `prototype` stay ordinary data keys.
import { isDict, UNSAFE_KEY } from './dict';
import { ConfigError } from './errors';

export function assertSafeKey(key: string, keyPath: string, file?: string): void {
  if (key === UNSAFE_KEY) {
    throw new ConfigError(
      'UNSAFE_KEY',
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
