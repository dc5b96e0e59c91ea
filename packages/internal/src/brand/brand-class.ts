/**
 * Whether `value` carries the brand that {@link brandClass} puts on a class's prototype: `Symbol.for(key)`, or the
 * symbol itself (pass the symbol on hot paths: it saves the global symbol registry's lookup).
 */
export function hasBrand(value: unknown, brand: string | symbol): boolean {
  const symbol = typeof brand === 'symbol' ? brand : Symbol.for(brand);
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    (value as Record<symbol, unknown>)[symbol] === true
  );
}

/**
 * Makes `value instanceof cls` hold for instances made by any copy of the package that defines `cls` (its ESM and
 * CJS builds in one process share the registries, so either may have built an object). The brand is
 * `Symbol.for(key)` on the prototype, returned for {@link hasBrand}; subclasses of `cls` keep the ordinary
 * prototype check.
 *
 * @example
 * export class Registry { ... }
 * const REGISTRY_BRAND = brandClass(Registry, '@eng/registry/Registry');
 */
export function brandClass(cls: Function, key: string): symbol {
  const brand = Symbol.for(key);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: Function, value: unknown): boolean {
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, value);
      return hasBrand(value, brand);
    },
  });
  return brand;
}
