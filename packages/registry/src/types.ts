/** Shared public types of @eng/registry; index.ts re-exports every export of this file. */
import type { StandardSchemaV1 } from './standard-schema';

/** Anything a registry can hold: a class (constructed with `new`) or a function (called). */
export type Registrable = Function;

/**
 * A registry's build function, MMEngine's `build_func`. It receives the config, the registry `build` was called on,
 * and the default arguments.
 */
export type BuildFunc = (cfg: object, registry: any, defaultArgs?: object) => unknown;

/** Where the registry sends its warnings and debug messages; `@eng/logging` plugs in with `setRegistryLogger`. */
export interface RegistryLogger {
  warn(message: string): void;
  debug?(message: string): void;
  info?(message: string): void;
}

/** The options object a class is constructed with (its first constructor parameter). */
export type OptionsOf<C> = C extends abstract new (
  options: infer A,
  ...rest: any[]
) => any
  ? A
  : C extends (options: infer A, ...rest: any[]) => any
    ? A
    : never;

/** What building `C` returns: an instance for a class, the return value for a function. */
export type BuiltOf<C> = C extends abstract new (
  ...args: any[]
) => infer I
  ? I
  : C extends (...args: any[]) => infer R
    ? R
    : unknown;

/** Keys every config may carry besides the constructor options. */
export interface ConfigMeta {
  _scope_?: string;
}

/** A config for name `K` of a typed registry: `{ type: K, ...options }`. */
export type TypedConfig<M, K extends keyof M> = { type: K } & ConfigMeta & NoInfer<OptionsOf<M[K]>>;

/** Options for `registerModule`. */
export interface RegisterOptions<T extends Registrable = Registrable> {
  /** The name(s) to register under; defaults to the class or function name. */
  name?: string | readonly string[];
  /** Replace an existing entry of the same name instead of throwing. */
  force?: boolean;
  /** Register this module now and return it; without it `registerModule` returns a decorator. */
  module?: T;
  /** A Standard Schema (zod, valibot, arktype...) the options are validated against at build time. */
  schema?: StandardSchemaV1;
}

/**
 * The decorator returned by `registerModule()`. Works as a TC39 standard class decorator `(value, context)` and as a
 * TypeScript `experimentalDecorators` class decorator `(target)`; it can also be called directly with a function.
 */
export type RegisterDecorator = <T extends Registrable>(target: T, context?: unknown) => T;
