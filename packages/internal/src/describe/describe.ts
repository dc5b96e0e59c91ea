const classSyntax = new WeakMap<Function, boolean>();

/** Only `class` syntax counts as a class (constructed with `new`); every other callable is called. */
export function isClassSyntax(fn: Function): boolean {
  let known = classSyntax.get(fn);
  if (known === undefined) {
    known = /^class[\s{]/.test(Function.prototype.toString.call(fn));
    classSyntax.set(fn, known);
  }
  return known;
}

/**
 * A short description of a wrong value for an error message: its kind, and the value itself when short
 * (`the string "0.1"`, `the number 3`, `an array of length 2`, `an instance of Tensor`, `class ResNet`).
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'symbol':
      return `the symbol ${String(value.description ?? '')}`;
    case 'function':
      return `${isClassSyntax(value) ? 'class' : 'function'} ${value.name || '(anonymous)'}`;
    default: {
      const ctor = (value as { constructor?: { name?: string } }).constructor;
      return ctor?.name && ctor.name !== 'Object' ? `an instance of ${ctor.name}` : 'an object';
    }
  }
}

/** The message of a thrown value with its cause's code or message: `fetch failed (ECONNREFUSED)`. */
export function describeError(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } } | null | undefined;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}
