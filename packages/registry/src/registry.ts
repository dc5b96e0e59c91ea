import { platform } from '#platform';
import { buildFromCfg } from './build-from-cfg';
import { DefaultScope } from './default-scope';
import { brandClass, describe, hasBrand } from '@eng/internal';
import { RegistryError } from './errors';
import { bumpGeneration, state } from './global-state';
import { callerFile, callerLocation, inferScope } from './infer-scope';
import { debug, debugEnabled, warn } from './logger';
import { type StandardSchemaV1, isStandardSchema } from './standard-schema';
import { splitScopeKey } from './scope-key';
import { renderTable } from './table';
import type {
  BuildFunc,
  BuiltOf,
  ConfigMeta,
  OptionsOf,
  RegisterDecorator,
  RegisterOptions,
  Registrable,
  TypedConfig,
} from './types';

const REGISTRY_BRAND = Symbol.for('@eng/registry/Registry');

/** Whether `value` is a Registry from any copy of this package. */
export function isRegistry(value: unknown): value is Registry<any> {
  return hasBrand(value, REGISTRY_BRAND);
}

/** A location whose import registers modules: a module specifier, or a function that imports it. */
export type RegistryLocation = string | (() => unknown);

export interface RegistryOptions {
  /** How `build` constructs; inherited from the parent, else `buildFromCfg`. */
  buildFunc?: BuildFunc;
  /** The parent registry: names not found here are looked up there, and this registry becomes its child. */
  parent?: Registry<any>;
  /** The key of this registry among its parent's children; inferred from the caller's package.json name. */
  scope?: string;
  /**
   * Modules that register into this registry, imported by `importFromLocation`: package specifiers, absolute paths,
   * paths relative to the file creating the registry (`./models/index.js`), or functions that import them.
   */
  locations?: readonly RegistryLocation[];
}

/** A config `build` accepts on an untyped registry, or with a scoped name / a class on a typed one. */
export type LooseConfig<M> = [keyof M] extends [never]
  ? object
  : ({ type: `${string}.${string}` | Registrable } | { _scope_: string }) & Record<string, unknown>;

/**
 * MMEngine's `Registry`: a named map from strings to classes or functions, in a tree of registries whose scopes
 * (package names) let one codebase build another's modules.
 *
 * `M` optionally maps names to classes so that `build` is type-checked: `new Registry<{ ResNet: typeof ResNet }>(...)`.
 * `B` is what a build of a config that `M` does not type returns (the root registries take it from
 * {@link RootRegistryBuilds}: `MODELS.build(cfg)` is a `BaseModule` once `@eng/model` is imported).
 *
 * @example
 * const MODELS = new Registry('model', { scope: 'demo' });
 * class ResNet { constructor(readonly options: { depth: number }) {} }
 * MODELS.registerModule({ module: ResNet });
 * const model = MODELS.build<ResNet>({ type: 'ResNet', depth: 50 });
 */
export class Registry<M extends object = Record<never, never>, B = unknown> {
  readonly name: string;
  readonly scope: string;
  readonly parent: Registry<any> | undefined;

  private readonly _modules = new Map<string, Registrable>();
  private readonly _origins = new Map<string, string>();
  private readonly _children = new Map<string, Registry<any>>();
  private readonly _locations: readonly RegistryLocation[];
  /** The file that created this registry: relative `locations` are resolved against it. */
  private readonly _createdIn: string | undefined;
  private _importing: Promise<void> | undefined;
  private _imported = false;
  private _ownBuildFunc: BuildFunc | undefined;
  private readonly _cache = new Map<string, Registrable | null>();
  private readonly _scopeCache = new Map<string, Registry<any> | null>();
  private _cacheGeneration = -1;
  private readonly _warnedScopes = new Set<string>();

  constructor(name: string, options: RegistryOptions = {}) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`Registry name must be a non-empty string, but got ${describe(name)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Registry options must be an object, but got ${describe(options)}`);
    }
    const { buildFunc, parent, scope, locations = [] } = options;
    if (buildFunc !== undefined && typeof buildFunc !== 'function') {
      throw new TypeError(`buildFunc must be a function, but got ${describe(buildFunc)}`);
    }
    if (parent !== undefined && !(parent instanceof Registry)) {
      throw new TypeError(`parent must be a Registry, but got ${describe(parent)}`);
    }
    if (scope !== undefined && (typeof scope !== 'string' || scope === '')) {
      throw new TypeError(`scope must be a non-empty string, but got ${describe(scope)}`);
    }
    if (scope?.includes('.')) {
      throw new TypeError(`scope "${scope}" must not contain "." (it separates scopes in keys such as "mmdet.ResNet")`);
    }
    if (!Array.isArray(locations) || !locations.every((l) => typeof l === 'string' || typeof l === 'function')) {
      throw new TypeError('locations must be an array of module specifiers or import functions');
    }
    this.name = name;
    this.scope = scope ?? inferScope(name);
    this._locations = [...locations];
    const hasRelative = locations.some((l) => typeof l === 'string' && (l.startsWith('./') || l.startsWith('../')));
    this._createdIn = hasRelative ? callerFile() : undefined;
    this._ownBuildFunc = buildFunc;
    this.parent = parent;
    if (parent) {
      parent._addChild(this);
      for (let node: Registry<any> | undefined = parent; node; node = node.parent) {
        if (node.scope === this.scope) {
          warn(
            `The "${name}" registry has the scope "${this.scope}" of its ancestor "${node.name}": keys such as ` +
              `"${this.scope}.Name" and _scope_ "${this.scope}" will resolve to the ancestor. Give it its own scope.`,
          );
          break;
        }
      }
    }
  }

  /** The top of this registry's tree. */
  get root(): Registry<any> {
    let node: Registry<any> = this;
    while (node.parent) node = node.parent;
    return node;
  }

  /** Child registries keyed by scope. */
  get children(): ReadonlyMap<string, Registry<any>> {
    return this._children;
  }

  /** The names registered here (not in parents), MMEngine's `module_dict`. */
  get moduleDict(): ReadonlyMap<string, Registrable> {
    return this._modules;
  }

  /** Number of names registered here, MMEngine's `len(registry)`. */
  get size(): number {
    return this._modules.size;
  }

  /** The locations given at construction. */
  get locations(): readonly RegistryLocation[] {
    return this._locations;
  }

  /** Whether `importFromLocation` has completed (always true without locations). */
  get imported(): boolean {
    return this._imported || this._locations.length === 0;
  }

  /** The build function: this registry's own, else the parent's (looked up at call time), else `buildFromCfg`. */
  get buildFunc(): BuildFunc {
    return this._ownBuildFunc ?? this.parent?.buildFunc ?? buildFromCfg;
  }

  set buildFunc(fn: BuildFunc | undefined) {
    if (fn !== undefined && typeof fn !== 'function') {
      throw new TypeError(`buildFunc must be a function, but got ${describe(fn)}`);
    }
    this._ownBuildFunc = fn;
  }

  /** MMEngine's `split_scope_key`: `'mmdet.ResNet'` -> `['mmdet', 'ResNet']`, `'ResNet'` -> `[undefined, 'ResNet']`. */
  static splitScopeKey(key: string): [scope: string | undefined, key: string] {
    return splitScopeKey(key);
  }

  /**
   * Registers a class or function. With `module`, registers it and returns it; without, returns a class decorator
   * (TC39 standard and `experimentalDecorators` alike).
   *
   * @example
   * @MODELS.registerModule()
   * class ResNet {}
   * MODELS.registerModule({ name: ['mnet', 'MobileNet'], module: MobileNet });
   */
  registerModule<T extends Registrable>(options: RegisterOptions<T> & { module: T }): T;
  registerModule(options?: RegisterOptions): RegisterDecorator;
  registerModule(options: RegisterOptions = {}): Registrable | RegisterDecorator {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`registerModule expects an options object { name, force, module }, got ${describe(options)}`);
    }
    const { name, force = false, module, schema } = options;
    if (typeof force !== 'boolean') throw new TypeError(`force must be a boolean, but got ${describe(force)}`);
    if (!(name === undefined || typeof name === 'string' || (Array.isArray(name) && name.every(isString)))) {
      throw new TypeError(`name must be undefined, a string, or an array of strings, but got ${describe(name)}`);
    }
    if (schema !== undefined && !isStandardSchema(schema)) {
      throw new TypeError(
        `schema must implement Standard Schema v1 (zod, valibot, arktype...), got ${describe(schema)}`,
      );
    }
    if (module !== undefined && module !== null) {
      this._register(module, name, force, schema, callerLocation());
      return module;
    }
    return (target: Registrable, context?: unknown) => {
      const kind = (context as { kind?: unknown } | undefined)?.kind;
      if (kind !== undefined && kind !== 'class') {
        throw new TypeError(
          `registerModule() decorates classes, not a ${String(kind)}; use registerModule({ module })`,
        );
      }
      this._register(target, name, force, schema, callerLocation());
      return target;
    };
  }

  private _register(
    module: unknown,
    name: string | readonly string[] | undefined,
    force: boolean,
    schema: StandardSchemaV1 | undefined,
    origin: string | undefined,
  ): void {
    if (typeof module !== 'function') {
      throw new TypeError(`module must be a class or a function, but got ${describe(module)}`);
    }
    const names = name === undefined ? [module.name] : typeof name === 'string' ? [name] : [...name];
    const where = `the "${this.name}" registry (scope "${this.scope}")`;
    for (const [i, n] of names.entries()) {
      if (n === '') {
        throw new TypeError(
          `cannot register an anonymous ${describe(module)} in the "${this.name}" registry without a name`,
        );
      }
      if (n.includes('.')) {
        const [scope, ...rest] = n.split('.');
        throw new RegistryError(
          'INVALID_NAME',
          `cannot register "${n}" in ${where}: a name cannot contain ".", because a build reads "${n}" as ` +
            `the module "${rest.join('.')}" of scope "${scope}". Register it as "${n.replaceAll('.', '_')}".`,
          { registry: this.name, scope: this.scope },
        );
      }
      if (names.indexOf(n) !== i) {
        throw new RegistryError(
          'DUPLICATE_NAME',
          `cannot register ${describe(module)} in ${where}: "${n}" appears more than once in ` +
            `name [${names.map((x) => `"${x}"`).join(', ')}].`,
          { registry: this.name, scope: this.scope },
        );
      }
      if (!force && this._modules.has(n)) {
        const origin = this._origins.get(n);
        throw new RegistryError(
          'DUPLICATE_NAME',
          `"${n}" is already registered in ${where}${origin ? ` at ${origin}` : ''}. Pass force: true to replace it, or register under another name.`,
          { registry: this.name, scope: this.scope },
        );
      }
    }
    for (const n of names) {
      this._modules.set(n, module);
      if (origin) this._origins.set(n, origin);
      else this._origins.delete(n);
    }
    if (schema) state.schemas.set(module, schema);
    bumpGeneration();
  }

  /** Where `name` was registered (`file:line:column`), when the runtime could tell. */
  originOf(name: string): string | undefined {
    return this._origins.get(name);
  }

  /** @internal Adds `registry` as a child under its scope; a scope may appear once under a parent. */
  _addChild(registry: Registry<any>): void {
    if (this._children.has(registry.scope)) {
      throw new RegistryError(
        'DUPLICATE_SCOPE',
        `scope "${registry.scope}" already exists among the children of the "${this.name}" registry ` +
          `(scope "${this.scope}"); each child of a registry needs its own scope.`,
        { registry: this.name, scope: this.scope },
      );
    }
    this._children.set(registry.scope, registry);
    bumpGeneration();
  }

  private _checkCache(): void {
    if (this._cacheGeneration !== state.generation) {
      this._cache.clear();
      this._scopeCache.clear();
      this._cacheGeneration = state.generation;
    }
  }

  /**
   * MMEngine's `Registry.get`. `'Name'`: here, then up the parents. `'scope.Name'`: here if `scope` is this
   * registry's, else in the child of that scope (`'a.b.Name'` walks descendants), else from the root (siblings,
   * uncles, cousins). Returns `undefined` when not found; results are cached until the next registration.
   */
  get<K extends keyof M & string>(key: K): M[K];
  get(key: string): Registrable | undefined;
  get(key: string): Registrable | undefined {
    if (this._cacheGeneration !== state.generation) this._checkCache();
    const hit = this._cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    if (typeof key !== 'string') throw new TypeError(`The key of Registry.get must be a string, got ${describe(key)}`);
    const found = this._resolve(key);
    this._cache.set(key, found ?? null);
    if (found && debugEnabled())
      debug(`Get "${found.name}" for "${key}" from the "${this.name}" registry in "${this.scope}"`);
    return found;
  }

  private _resolve(key: string): Registrable | undefined {
    const [scope, realKey] = splitScopeKey(key);
    if (scope === undefined || scope === this.scope) {
      const own = this._modules.get(realKey);
      if (own !== undefined || scope !== undefined) return own;
      for (let node = this.parent; node; node = node.parent) {
        const found = node.moduleDict.get(realKey);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    const child = this._children.get(scope);
    if (child) return child.get(realKey);
    const root = this.root;
    if (scope !== root.scope && !root.children.has(scope)) return undefined;
    return root.get(key);
  }

  /** `key in registry`: whether `get(key)` finds something. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Depth-first search of this registry's subtree for the registry of `scope` (MMEngine's `_search_child`). */
  searchChild(scope: string): Registry<any> | undefined {
    if (this._cacheGeneration !== state.generation) this._checkCache();
    const hit = this._scopeCache.get(scope);
    if (hit !== undefined) return hit ?? undefined;
    const found = this._searchChildUncached(scope);
    this._scopeCache.set(scope, found ?? null);
    return found;
  }

  private _searchChildUncached(scope: string): Registry<any> | undefined {
    if (this.scope === scope) return this;
    for (const child of this._children.values()) {
      const found = child.searchChild(scope);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Builds `cfg` with this registry's build function (MMEngine's `Registry.build`). On a typed registry the options
   * are checked against the constructor and the result is typed.
   */
  build<K extends keyof M & string>(cfg: TypedConfig<M, K>): BuiltOf<M[K]>;
  build<K extends keyof M & string>(
    cfg: { type: K } & ConfigMeta & NoInfer<Partial<OptionsOf<M[K]>>>,
    defaultArgs: NoInfer<Partial<OptionsOf<M[K]>>>,
  ): BuiltOf<M[K]>;
  build<C extends (abstract new (options: never) => unknown) | ((options: never) => unknown)>(
    cfg: { type: C } & ConfigMeta & NoInfer<OptionsOf<C>>,
  ): BuiltOf<C>;
  build<T = B>(cfg: LooseConfig<M> | readonly LooseConfig<M>[], defaultArgs?: object): T;
  build(cfg: object, defaultArgs?: object): unknown {
    return this.buildFunc(cfg, this, defaultArgs);
  }

  /** @internal The registry a build in this registry happens in: the default scope's registry, else this one. */
  _resolveBuildRegistry(): Registry<any> {
    const current = DefaultScope.getCurrentInstance();
    return current === undefined ? this : this._registryForScope(current.scopeName);
  }

  /** @internal The registry of `scopeName` in this tree; this registry itself, with a warning, when there is none. */
  _registryForScope(scopeName: string): Registry<any> {
    if (scopeName === this.scope) return this;
    const found = this.root.searchChild(scopeName);
    if (found) return found;
    if (!this._warnedScopes.has(scopeName)) {
      this._warnedScopes.add(scopeName);
      warn(
        `Failed to find a registry with scope "${scopeName}" in the "${this.root.name}" registry tree. ` +
          `As a workaround, the "${this.name}" registry in "${this.scope}" is used to build instances, which may ` +
          `fail later. Check that "${scopeName}" is a correct scope and that the package defining its ` +
          'registries has been imported.',
      );
    }
    return this;
  }

  /**
   * MMEngine's `switch_scope_and_registry`: runs `fn` with `scope` as the default scope and the registry of that
   * scope in this tree (this registry itself, with a warning, when the scope is not in the tree). `undefined`
   * keeps the current default scope. Returns `fn`'s result; the scope lasts through its awaits.
   */
  switchScopeAndRegistry<R>(scope: string | undefined, fn: (registry: Registry<any>) => R): R {
    if (typeof fn !== 'function') throw new TypeError(`switchScopeAndRegistry expects a callback, got ${describe(fn)}`);
    return DefaultScope.overwriteDefaultScope(scope, () => fn(this._resolveBuildRegistry()));
  }

  /**
   * Imports this registry's `locations` once (MMEngine imports them on first lookup; `get` is synchronous here, so
   * await this, or `importAllLocations`, before building). Idempotent; a failed import can be retried.
   */
  importFromLocation(): Promise<void> {
    if (this._importing) return this._importing;
    if (this._locations.length === 0) {
      this._imported = true;
      return (this._importing = Promise.resolve());
    }
    const run = async () => {
      for (const location of this._locations) {
        if (typeof location === 'function') await location();
        else await import(/* @vite-ignore */ platform.toImportSpecifier(location, this._createdIn));
        debug(`Modules of ${this.scope}'s ${this.name} registry have been imported from ${describeLocation(location)}`);
      }
      this._imported = true;
    };
    this._importing = run().catch((error: unknown) => {
      this._importing = undefined;
      throw error;
    });
    return this._importing;
  }

  /** A table of the names registered here, like MMEngine's rich table. */
  toString(): string {
    const rows = [...this._modules.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, module]) => [name, describe(module), this._origins.get(name) ?? '']);
    return renderTable(`Registry of ${this.name} (scope: ${this.scope}, ${this._modules.size} modules)`, [
      ['Names', 'Objects', 'Registered at'],
      ...rows,
    ]);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// `instanceof Registry` recognises registries from any copy of this package (ESM and CJS builds share one tree).
brandClass(Registry, '@eng/registry/Registry');

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function describeLocation(location: RegistryLocation): string {
  return typeof location === 'string' ? location : `${location.name || 'an import function'}()`;
}
