// The base of every error class of every @eng package. A package's build bundles its own copy of this file (and the
// ESM and CJS builds of one package are two copies), so recognition goes by a brand on the instance, never by
// prototype identity: `EngError.isInstance(e)` and `e instanceof RegistryError` hold for an error of any copy.

const CHAIN = Symbol.for('@eng/error.chain');

export interface EngErrorOptions {
  cause?: unknown;
}

/** The names of the error classes an instance was made by, most derived first (kept on the instance). */
function classNames(target: Function): string[] {
  const names: string[] = [];
  for (
    let c: unknown = target;
    typeof c === 'function' && c !== Error && c !== TypeError;
    c = Object.getPrototypeOf(c)
  ) {
    names.push((c as Function).name);
  }
  return names;
}

function brand(error: Error, target: Function, flavour: string[]): void {
  Object.defineProperty(error, CHAIN, { value: [...classNames(target), ...flavour], enumerable: false });
  // The class name, as written (a bundler's renamed `_RegistryError` never shows).
  Object.defineProperty(error, 'name', { value: target.name, enumerable: false, configurable: true, writable: true });
}

/** Whether `value` is an error made by the class called `name` (or a subclass of it), from any copy of eng. */
export function isErrorOf(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const chain = (value as { [CHAIN]?: unknown })[CHAIN];
  return Array.isArray(chain) && chain.includes(name);
}

function isInstance<T extends abstract new (...args: never[]) => unknown>(
  this: T,
  value: unknown,
): value is InstanceType<T> {
  return isErrorOf(value, this.name);
}

// `instanceof` and `isInstance` go by the brand, so they also hold for an error made by another copy of the class.
function hasInstance(this: Function, value: unknown): boolean {
  return isErrorOf(value, this.name);
}

/**
 * The base of eng's errors: `code` is a stable `UPPER_SNAKE` string (the class names the package), `cause` is kept,
 * and the name prints as the class name.
 *
 * @example
 * class WidgetError extends EngError<'NO_WIDGET'> {}
 * try { throw new WidgetError('NO_WIDGET', 'no widget "x"'); }
 * catch (e) { if (WidgetError.isInstance(e)) console.log(e.code); }
 */
export class EngError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options: EngErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    brand(this, new.target, []);
  }

  /** Whether `value` is an instance of this class (or a subclass), made by any copy of the package. */
  static isInstance = isInstance;

  static override [Symbol.hasInstance] = hasInstance;
}

/**
 * `EngError`'s `TypeError` flavour, for a wrong value where MMEngine raises `TypeError` (a merge of a dict over a
 * number, an argument of the wrong kind): `instanceof TypeError` holds, and so does `EngError.isInstance`.
 */
export class EngTypeError<Code extends string = string> extends TypeError {
  readonly code: Code;

  constructor(code: Code, message: string, options: EngErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    brand(this, new.target, ['EngError']);
  }

  /** Whether `value` is an instance of this class (or a subclass), made by any copy of the package. */
  static isInstance = isInstance;

  static override [Symbol.hasInstance] = hasInstance;
}
