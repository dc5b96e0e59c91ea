/**
 * A deep copy in the spirit of Python's `copy.deepcopy`: plain objects and arrays are copied recursively, built-in
 * data (Map, Set, Date, RegExp, typed arrays, ArrayBuffer) through `structuredClone`, objects with a `clone()` method
 * through it. Anything else (functions, class instances without `clone()`) throws, and callers fall back to the
 * reference as MMEngine does.
 */
export function deepCopy<T>(value: T, seen = new Map<unknown, unknown>()): T {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new TypeError('a function cannot be copied');
    return value;
  }
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(deepCopy(item, seen));
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = deepCopy((value as Record<string, unknown>)[key], seen);
    return out as T;
  }
  if (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  ) {
    const out = structuredClone(value);
    seen.set(value, out);
    return out;
  }
  const cloneable = value as { clone?: () => unknown };
  if (typeof cloneable.clone === 'function') {
    const out = cloneable.clone();
    seen.set(value, out);
    return out as T;
  }
  throw new TypeError(`an instance of ${proto?.constructor?.name ?? 'an unknown class'} cannot be copied`);
}
