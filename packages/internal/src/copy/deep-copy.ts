/**
 * What `deepCopy` does with a value that is neither a primitive, a plain object nor an array:
 * - `'keep'`: keep the reference (config data: classes used as `type`, instances passed in);
 * - `'clone'`: copy it with its own `clone()` (tensors, data elements), else `structuredClone`, else keep it;
 * - `'strict'`: copy built-in data (Map, Set, Date, RegExp, buffers) with `structuredClone` and objects with a
 *   `clone()` method through it, and throw a `TypeError` for anything else (Python's `copy.deepcopy` refusing).
 */
export type CopyPolicy = 'keep' | 'clone' | 'strict';

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isBuiltinData(value: object): boolean {
  return (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  );
}

function copyOther(value: object, policy: CopyPolicy): unknown {
  if (policy === 'keep') return value;
  const cloneable = value as { clone?: () => unknown };
  if (policy === 'strict') {
    if (isBuiltinData(value)) return structuredClone(value);
    if (typeof cloneable.clone === 'function') return cloneable.clone();
    throw new TypeError(`an instance of ${value.constructor?.name ?? 'an unknown class'} cannot be copied`);
  }
  if (typeof cloneable.clone === 'function') return cloneable.clone();
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/**
 * A deep copy of plain objects and arrays (cycles and shared references kept as such; keys such as `__proto__`
 * copied as own keys), with other objects handled by `policy` (default `'keep'`). A function is kept, except under
 * `'strict'`, where it throws.
 */
export function deepCopy<T>(value: T, policy: CopyPolicy = 'keep', seen = new Map<unknown, unknown>()): T {
  if (typeof value === 'function') {
    if (policy === 'strict') throw new TypeError('a function cannot be copied');
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(deepCopy(item, policy, seen));
    return out as T;
  }
  if (isPlain(value)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    seen.set(value, out);
    for (const key of Object.keys(value)) {
      const copy = deepCopy((value as Record<string, unknown>)[key], policy, seen);
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  const out = copyOther(value, policy);
  seen.set(value, out);
  return out as T;
}
