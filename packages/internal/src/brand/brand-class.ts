/** Whether `value` carries the brand `Symbol.for(key)` that {@link brandClass} puts on a class's prototype. */
export function hasBrand(value: unknown, key: string): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(key)] === true
  );
}

/**
 * Makes `value instanceof cls` hold for instances made by any copy of the package that defines `cls` (its ESM and
 * CJS builds in one process share the registries, so either may have built an object). The brand is
 * `Symbol.for(key)` on the prototype; subclasses of `cls` keep the ordinary prototype check.
 *
 * @example
 * export class Registry { ... }
 * brandClass(Registry, '@eng/registry/Registry');
 */
export function brandClass(cls: Function, key: string): void {
  Object.defineProperty(cls.prototype, Symbol.for(key), { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: Function, value: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, value);
      return hasBrand(value, key);
    },
  });
}
