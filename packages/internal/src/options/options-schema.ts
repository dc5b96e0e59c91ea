import { z } from 'zod';
import { describe } from '../describe/describe';
import { type OptionIssue, optionIssues, type ZodIssueLike } from './issue-message';

/** The Standard Schema v1 shape (https://standardschema.dev), as far as the registry reads it. */
export interface OptionsStandardSchema<Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => { value: Input; issues?: undefined } | { issues: readonly OptionIssue[] };
    readonly types?: { readonly input: Input; readonly output: Input } | undefined;
  };
}

/** The options schema of a class: validates, and lists its keys. */
export interface OptionsSchema<Shape extends z.ZodRawShape> extends OptionsStandardSchema<z.input<z.ZodObject<Shape>>> {
  /** The zod shape, to extend: `optionsSchema({ ...Base.optionsSchema.shape, extra: z.number() })`. */
  readonly shape: Shape;
  /** The option names, sorted. */
  readonly keys: readonly string[];
}

/**
 * `T` with `undefined` allowed in its optional properties, recursively: what zod's `.optional()` outputs (under
 * `exactOptionalPropertyTypes` an optional property does not take `undefined` otherwise).
 */
export type Loose<T> = T extends readonly (infer E)[]
  ? Loose<E>[]
  : T extends Function | RegExp
    ? T
    : T extends object
      ? { [K in keyof T]: Loose<T[K]> | ({} extends Pick<T, K> ? undefined : never) }
      : T;

/** A shape that declares every key of the options interface `T`, each with a schema of the key's type. */
export type ShapeOf<T> = { [K in keyof T]-?: z.ZodType<Loose<T[K]>> };

type Unwrappable = {
  _zod: {
    def: {
      type: string;
      innerType?: unknown;
      in?: unknown;
      element?: unknown;
      valueType?: unknown;
      options?: unknown[];
      shape?: unknown;
    };
  };
};

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** The object shapes a value at `path` can have under `schema` (through optional, union, array, record...). */
function shapesAt(schema: unknown, path: readonly PropertyKey[]): Record<string, unknown>[] {
  const def = (schema as Unwrappable | undefined)?._zod?.def;
  if (def === undefined) return [];
  if (WRAPPERS.has(def.type)) return shapesAt(def.innerType, path);
  if (def.type === 'pipe') return shapesAt(def.in, path);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => shapesAt(option, path));
  if (path.length === 0) return def.type === 'object' ? [def.shape as Record<string, unknown>] : [];
  const [head, ...rest] = path;
  if (def.type === 'object') {
    const inner = (def.shape as Record<string, unknown>)[String(head)];
    return inner === undefined ? [] : shapesAt(inner, rest);
  }
  if (def.type === 'array') return shapesAt(def.element, rest);
  if (def.type === 'record') return shapesAt(def.valueType, rest);
  return [];
}

/**
 * The options schema of one of eng's classes: a strict zod object whose issues read as eng's errors (an unknown key
 * names the nearest valid keys). It validates only: the value passes on unchanged, and defaults stay in the
 * constructor, so a class has one place for them. Declare it as the class's own `static optionsSchema`.
 *
 * @example
 * static readonly optionsSchema = optionsSchema<SGDOptions>({ lr: z.number(), momentum: z.number().optional() });
 */
export function optionsSchema<T>(shape: ShapeOf<T>): OptionsSchema<ShapeOf<T>>;
export function optionsSchema<Shape extends z.ZodRawShape>(shape: Shape): OptionsSchema<Shape>;
export function optionsSchema(shape: z.ZodRawShape): OptionsSchema<z.ZodRawShape> {
  const object = z.strictObject(shape);
  const keys = Object.keys(shape).sort();
  const keysAt = (path: readonly PropertyKey[]) => {
    const found = shapesAt(object, path).flatMap((s) => Object.keys(s));
    return found.length > 0 ? [...new Set(found)] : undefined;
  };
  return {
    shape,
    keys,
    '~standard': {
      version: 1,
      vendor: 'eng',
      validate(value: unknown) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          return { issues: [{ path: [], message: `expected an options object, got ${describe(value)}` }] };
        }
        const result = object.safeParse(value);
        if (result.success) return { value: value as Record<string, unknown> };
        const issues = (result.error.issues as readonly ZodIssueLike[]).flatMap((issue) =>
          optionIssues(issue, value, keysAt),
        );
        return { issues };
      },
    },
  };
}
