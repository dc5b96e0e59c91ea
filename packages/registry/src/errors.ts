export type RegistryErrorCode =
  | 'UNKNOWN_TYPE'
  | 'MISSING_TYPE'
  | 'DUPLICATE_NAME'
  | 'DUPLICATE_SCOPE'
  | 'BUILD_FAILED'
  | 'INVALID_OPTIONS'
  | 'NO_INSTANCE';

const ERROR_BRAND = Symbol.for('@eng/registry/RegistryError');

export interface RegistryErrorDetails {
  registry?: string;
  scope?: string;
  /** The key path, inside the config being built, of the config that failed (`''` for the top-level one). */
  configPath?: string;
  cause?: unknown;
}

/**
 * Every error the registry raises about registrations and builds (wrong argument types are `TypeError`s).
 * `code` is stable; the message names the registry, its scope and the config path involved.
 */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly registry: string | undefined;
  readonly scope: string | undefined;
  readonly configPath: string | undefined;

  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.registry = details.registry;
    this.scope = details.scope;
    this.configPath = details.configPath;
  }

  /** Recognises errors from any copy of the package (ESM and CJS builds, two installed versions). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: a subclass (this) checks its own prototype chain.
    if (this !== RegistryError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true;
  }
}
Object.defineProperty(RegistryError.prototype, ERROR_BRAND, { value: true });

/** A class or function that threw while being built; `cause` is what it threw. */
export class BuildError extends RegistryError {
  /** The `type` that was being built. */
  readonly type: string;

  constructor(message: string, type: string, details: RegistryErrorDetails) {
    super('BUILD_FAILED', message, details);
    this.name = 'BuildError';
    this.type = type;
  }
}

/** Short description of a value for error messages: its type, and the value when short. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'function':
      return `${isClassSyntax(value) ? 'class' : 'function'} ${value.name || '(anonymous)'}`;
    case 'object': {
      const ctor = (value as { constructor?: { name?: string } }).constructor;
      return ctor?.name && ctor.name !== 'Object' ? `an instance of ${ctor.name}` : 'an object';
    }
    default:
      return String(typeof value);
  }
}

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
