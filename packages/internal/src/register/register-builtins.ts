const BUILTIN = Symbol.for('@eng/builtin');

/** The part of a `Registry` that registration needs (kept structural: this package imports nothing). */
export interface RegistryLike {
  readonly moduleDict: ReadonlyMap<string, unknown>;
  registerModule(options: { name: string; module: never }): unknown;
}

/**
 * The one registration policy of eng's own classes. Each module is marked `<owner>:<name>`; a name already holding a
 * module with the same mark is left as it is, because that is the other build (ESM or CJS) of the same package,
 * loaded in the same process and sharing the process-wide registries. Anything else under the name (a user's class)
 * is the registry's ordinary duplicate-name error.
 *
 * @example
 * registerBuiltins(OPTIMIZERS, '@eng/optim', { SGD, Adam });
 */
export function registerBuiltins(registry: RegistryLike, owner: string, modules: Record<string, Function>): void {
  for (const [name, module] of Object.entries(modules)) {
    const mark = `${owner}:${name}`;
    const existing = registry.moduleDict.get(name) as { [BUILTIN]?: unknown } | undefined;
    if (existing?.[BUILTIN] === mark) continue;
    if (!Object.hasOwn(module, BUILTIN)) Object.defineProperty(module, BUILTIN, { value: mark });
    registry.registerModule({ name, module: module as never });
  }
}
