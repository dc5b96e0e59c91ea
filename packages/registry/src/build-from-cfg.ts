import { configPathOf } from './config-path';
import { DefaultScope } from './default-scope';
import { unknownTypeError } from './diagnostics';
import { describe, isClassSyntax } from '@eng/internal';
import { BuildError, RegistryError } from './errors';
import { state } from './global-state';
import { debug, debugEnabled } from './logger';
import { isManagerClass, type ManagerMixin } from './manager-mixin';
import { isRegistry, type Registry } from './registry';
import { type StandardSchemaV1, formatIssuePath, isStandardSchema } from './standard-schema';
import type { Registrable } from './types';

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `cfg` without `type` and `_scope_`, over `defaultArgs` (the config wins). Never mutates either. */
function mergeArgs(cfg: Dict, defaultArgs: Dict | undefined): Dict {
  const args: Dict = {};
  for (const key of Object.keys(cfg)) {
    if (key === 'type' || key === '_scope_') continue;
    setOwn(args, key, cfg[key]);
  }
  if (defaultArgs) {
    for (const key of Object.keys(defaultArgs)) {
      if (key === 'type' || key === '_scope_' || Object.hasOwn(args, key)) continue;
      setOwn(args, key, defaultArgs[key]);
    }
  }
  return args;
}

function setOwn(target: Dict, key: string, value: unknown): void {
  // A `__proto__` key in data is data: define it instead of assigning, which would change the prototype.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The data of a Config-like object (one with a `toDict()` method and no own data), else `value` itself. */
function configData(value: Dict): Dict {
  if (typeof value.toDict !== 'function' || Object.getPrototypeOf(value) === Object.prototype) return value;
  const data = (value.toDict as () => unknown)();
  return isDict(data) ? data : value;
}

/** `inner` under `base`: `optim_wrapper` + `optimizer` is `optim_wrapper.optimizer`, + `[0]` is `optim_wrapper[0]`. */
function joinPath(base: string, inner: string): string {
  if (base === '') return inner;
  if (inner === '') return base;
  return inner.startsWith('[') ? `${base}${inner}` : `${base}.${inner}`;
}

/** The config path of `cfg` given the builds in progress, e.g. `backbone.layers[0]` (`''` for a top-level build). */
function pathOf(cfg: object): string {
  const stack = state.buildStack;
  return joinPath(state.configPathBase ?? '', stack.length === 0 ? '' : configPathOf([...stack, cfg]));
}

/**
 * Runs `fn` with `path` as the config path of every top-level build inside it, so that errors name the whole key path
 * (`optim_wrapper.optimizer.momentun`) when a caller builds one part of a bigger config. Nests; builds are
 * synchronous, so `fn` should be too (an async `fn` keeps the path only until its first `await`). Inside a build in
 * progress it changes nothing: there the path of a config comes from where it sits in the config being built.
 *
 * @example
 * withConfigPath('optim_wrapper', () => OPTIM_WRAPPERS.build(cfg.optim_wrapper));
 */
export function withConfigPath<R>(path: string, fn: () => R): R {
  if (typeof path !== 'string') throw new TypeError(`path must be a string, but got ${describe(path)}`);
  if (state.buildStack.length > 0) return fn();
  const previous = state.configPathBase;
  state.configPathBase = joinPath(previous ?? '', path);
  try {
    return fn();
  } finally {
    state.configPathBase = previous;
  }
}

const CALL = 0;
const NEW = 1;
const MANAGER = 2;

/** How to build a target and its schema, computed once per target (until the next registration). */
interface TargetInfo {
  readonly kind: typeof CALL | typeof NEW | typeof MANAGER;
  readonly schema: StandardSchemaV1 | undefined;
  readonly generation: number;
}

const targetInfos = new WeakMap<Registrable, TargetInfo>();

function targetInfoOf(target: Registrable): TargetInfo {
  let info = targetInfos.get(target);
  if (info === undefined || info.generation !== state.generation) {
    // Only the class's own schema: a subclass with options of its own must not be refused by its parent's schema.
    const declared = Object.hasOwn(target, 'optionsSchema')
      ? (target as { optionsSchema?: unknown }).optionsSchema
      : undefined;
    info = {
      kind: isManagerClass(target) ? MANAGER : isClassSyntax(target) ? NEW : CALL,
      schema: state.schemas.get(target) ?? (isStandardSchema(declared) ? declared : undefined),
      generation: state.generation,
    };
    targetInfos.set(target, info);
  }
  return info;
}

function validate(schema: StandardSchemaV1, args: Dict, typeName: string, registry: Registry<any>, cfg: object): Dict {
  const result = schema['~standard'].validate(args);
  if (!(result instanceof Promise) && !result.issues) return isDict(result.value) ? result.value : args;
  // Only a failure pays for locating the config in the builds in progress.
  const configPath = pathOf(cfg);
  const where = configPath ? ` at config path "${configPath}"` : '';
  if (result instanceof Promise) {
    throw new RegistryError(
      'INVALID_OPTIONS',
      `The options schema of "${typeName}" validates asynchronously; build is synchronous, so use a synchronous schema.`,
      { registry: registry.name, scope: registry.scope, configPath },
    );
  }
  if (result.issues) {
    const lines = result.issues.map(
      (issue) => `  - ${joinPath(configPath, formatIssuePath(issue.path)) || '(options)'}: ${issue.message}`,
    );
    throw new RegistryError(
      'INVALID_OPTIONS',
      `Invalid options for "${typeName}" in the "${registry.name}" registry (scope "${registry.scope}")${where}:\n` +
        lines.join('\n'),
      { registry: registry.name, scope: registry.scope, configPath },
    );
  }
  return args;
}

function typeNameOf(type: unknown, target: Registrable): string {
  return typeof type === 'string' ? type : target.name || '(anonymous)';
}

function construct(registry: Registry<any>, type: unknown, args: Dict, cfg: object): unknown {
  let target: Registrable;
  if (typeof type === 'string') {
    const found = registry.get(type);
    if (found === undefined) throw unknownTypeError(registry, type, pathOf(cfg));
    target = found;
  } else if (typeof type === 'function') {
    target = type;
  } else {
    const configPath = pathOf(cfg);
    throw new TypeError(
      `type must be a string or a class/function, but got ${describe(type)}` +
        (configPath ? ` (config path: ${configPath})` : ''),
    );
  }
  const info = targetInfoOf(target);
  const options = info.schema ? validate(info.schema, args, typeNameOf(type, target), registry, cfg) : args;

  const stack = state.buildStack;
  stack.push(cfg);
  let built: unknown;
  try {
    if (info.kind === NEW) built = new (target as new (options: Dict) => unknown)(options);
    else if (info.kind === CALL) built = (target as (options: Dict) => unknown)(options);
    else built = (target as typeof ManagerMixin).getInstance(options.name as string, options);
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    const typeName = typeNameOf(type, target);
    const configPath = joinPath(state.configPathBase ?? '', configPathOf(stack));
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError(
      `Failed to build "${typeName}" from the "${registry.name}" registry (scope "${registry.scope}")` +
        `${configPath ? ` at config path "${configPath}"` : ''}: ${message}`,
      typeName,
      { registry: registry.name, scope: registry.scope, configPath, cause: error },
    );
  } finally {
    stack.pop();
  }
  if (debugEnabled()) {
    debug(
      `An instance of "${typeNameOf(type, target)}" was built from the "${registry.name}" registry in "${registry.scope}"`,
    );
  }
  return built;
}

/**
 * MMEngine's `build_from_cfg`: finds `type` (a registered name, or a class/function) and constructs it with the rest
 * of the config merged over `defaultArgs`. Classes are constructed with `new Cls(args)`, ManagerMixin subclasses
 * through `getInstance(args.name, args)`, other callables called as `fn(args)`. `_scope_` switches the default scope
 * for this build and every build inside it. The config is never mutated.
 *
 * @example
 * const MODELS = new Registry('model', { scope: 'demo' });
 * class ResNet { constructor(readonly options: { depth: number; stages?: number }) {} }
 * MODELS.registerModule({ module: ResNet });
 * buildFromCfg({ type: 'ResNet', depth: 50 }, MODELS, { stages: 4 });
 */
export function buildFromCfg(input: object, registry: Registry<any>, defaultArgs?: object): unknown {
  if (!isDict(input)) throw new TypeError(`cfg should be an object (a config dict), but got ${describe(input)}`);
  if (!isRegistry(registry)) throw new TypeError(`registry must be a Registry, but got ${describe(registry)}`);
  if (defaultArgs !== undefined && defaultArgs !== null && !isDict(defaultArgs)) {
    throw new TypeError(`defaultArgs should be an object or undefined, but got ${describe(defaultArgs)}`);
  }
  // A Config object (MMEngine accepts one) keeps its data behind toDict(); plain configs never pay for the check.
  const cfg = 'type' in input ? input : configData(input);
  const defaults = (defaultArgs == null ? undefined : configData(defaultArgs)) as Dict | undefined;
  const type = 'type' in cfg ? cfg.type : defaults?.type;
  if (!('type' in cfg) && !(defaults && 'type' in defaults)) {
    const configPath = pathOf(cfg);
    throw new RegistryError(
      'MISSING_TYPE',
      `\`cfg\` or \`defaultArgs\` must contain the key "type", but got keys [${Object.keys(cfg).join(', ')}]` +
        `${defaults ? ` and defaultArgs keys [${Object.keys(defaults).join(', ')}]` : ''}` +
        ` (building in the "${registry.name}" registry, scope "${registry.scope}"` +
        `${configPath ? `, config path "${configPath}"` : ''})`,
      { registry: registry.name, scope: registry.scope, configPath },
    );
  }
  const scope = cfg._scope_ ?? defaults?._scope_;
  const args = mergeArgs(cfg, defaults);
  if (scope === undefined || scope === null) return construct(registry._resolveBuildRegistry(), type, args, cfg);
  if (typeof scope !== 'string') throw new TypeError(`_scope_ must be a string, but got ${describe(scope)}`);
  // switchScopeAndRegistry inlined: inside the override the default scope is `scope` itself.
  return DefaultScope.overwriteDefaultScope(scope, () => construct(registry._registryForScope(scope), type, args, cfg));
}
