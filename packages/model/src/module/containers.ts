import { describe } from '@eng/internal';
import { MODELS } from '@eng/registry';
import { ModelError } from '../errors';
import { BaseModule, type BaseModuleOptions } from './base-module';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export type ModuleOrCfg = BaseModule | Record<string, unknown>;

function toModule(owner: string, m: ModuleOrCfg, index: number | string): BaseModule {
  if (m instanceof BaseModule) return m;
  if (typeof m === 'object' && m !== null && 'type' in m) return MODELS.build(m);
  throw new TypeError(
    `${owner}: entry ${String(index)} must be a BaseModule or a config with "type", got ${describe(m)}`,
  );
}

function isOptions(v: unknown): v is BaseModuleOptions & { modules?: unknown } {
  if (typeof v !== 'object' || v === null || v instanceof BaseModule || v instanceof Map || Array.isArray(v))
    return false;
  const rec = v as Record<string, unknown>;
  if ('type' in rec) return false; // a module config, even one carrying its own init_cfg
  return ['modules', 'init_cfg', 'initCfg'].some((k) => k in rec && !(rec[k] instanceof BaseModule));
}

function normIndex(owner: string, i: number, length: number): number {
  const idx = i < 0 ? i + length : i;
  if (!Number.isInteger(idx) || idx < 0 || idx >= length) {
    throw new ModelError('INDEX_OUT_OF_RANGE', `${owner}: index ${i} is out of range for ${length} modules`);
  }
  return idx;
}

/** An indexable list of modules registered as `0`, `1`, … (PyTorch `nn.ModuleList`, MMEngine `ModuleList`). */
export class ModuleList<M extends BaseModule = BaseModule> extends BaseModule implements Iterable<M> {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ModuleList');

  /**
   * @param modules the modules (or configs built from MODELS); a config object `{ modules, init_cfg }` works too,
   *   which is how MODELS builds it.
   */
  constructor(
    modules?: Iterable<M | Record<string, unknown>> | (BaseModuleOptions & { modules?: Iterable<M> }),
    options: BaseModuleOptions = {},
  ) {
    const opts = isOptions(modules) ? modules : options;
    super(opts);
    const list = isOptions(modules) ? modules.modules : modules;
    if (list) this.extend(list as Iterable<M>);
  }

  get length(): number {
    return this._modules.size;
  }

  get(i: number): M {
    const idx = normIndex(this.constructor.name, i, this.length);
    return [...this._modules.values()][idx] as M;
  }

  set(i: number, m: M): void {
    const idx = normIndex(this.constructor.name, i, this.length);
    this.addModule(String(idx), toModule(this.constructor.name, m, idx));
  }

  append(m: M | Record<string, unknown>): this {
    this.addModule(String(this.length), toModule(this.constructor.name, m, this.length));
    return this;
  }

  extend(modules: Iterable<M | Record<string, unknown>>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  insert(index: number, m: M): void {
    const items = [...this._modules.values()] as M[];
    const idx = Math.max(0, Math.min(items.length, index < 0 ? index + items.length : index));
    items.splice(idx, 0, toModule(this.constructor.name, m, idx) as M);
    this._modules.clear();
    items.forEach((item, i) => {
      this.addModule(String(i), item);
    });
  }

  *[Symbol.iterator](): Iterator<M> {
    for (const m of this._modules.values()) if (m) yield m as M;
  }
}

/** Runs its children in order, each one's output feeding the next (PyTorch `nn.Sequential`). */
export class Sequential extends ModuleList {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: ModelOptionsSchema = modelSchema('Sequential');

  /**
   * `new Sequential(a, b, c)`, `new Sequential(a, b, { init_cfg })`, or the config form `{ modules: [...] }`;
   * a `Map`/record of named modules gives named children as PyTorch's `OrderedDict` form.
   */
  constructor(...args: Array<ModuleOrCfg | Map<string, BaseModule> | (BaseModuleOptions & { modules?: unknown })>) {
    const last = args[args.length - 1];
    const options = isOptions(last) ? (args.pop() as BaseModuleOptions & { modules?: unknown }) : {};
    super(undefined, options);
    let items: unknown = options.modules ?? args;
    if (args.length === 1 && args[0] instanceof Map) items = args[0];
    if (items instanceof Map) {
      for (const [name, m] of items) this.addModule(String(name), toModule('Sequential', m, name));
    } else if (Array.isArray(items)) {
      this.extend(items as ModuleOrCfg[] as BaseModule[]);
    } else if (typeof items === 'object' && items !== null) {
      for (const [name, m] of Object.entries(items))
        this.addModule(name, toModule('Sequential', m as ModuleOrCfg, name));
    }
  }

  override forward(x: unknown, ...rest: unknown[]): unknown {
    let out = x;
    let first = true;
    for (const m of this) {
      out = first ? m.forward(out, ...rest) : m.forward(out);
      first = false;
    }
    return out;
  }
}

/** Modules by name (PyTorch `nn.ModuleDict`, MMEngine `ModuleDict`). */
export class ModuleDict<M extends BaseModule = BaseModule> extends BaseModule {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('ModuleDict');

  /** `new ModuleDict({ a: m1, b: m2 })`, a Map, or the config form `{ modules: {...}, init_cfg }`. */
  constructor(
    modules?:
      | Record<string, M | Record<string, unknown>>
      | Map<string, M>
      | (BaseModuleOptions & { modules?: Record<string, M> }),
    options: BaseModuleOptions = {},
  ) {
    const asOptions = isOptions(modules);
    const opts = asOptions ? (modules as BaseModuleOptions) : options;
    super(opts);
    const dict = asOptions ? (modules as { modules?: Record<string, M> }).modules : modules;
    if (dict instanceof Map) for (const [k, v] of dict) this.set(k, v);
    else if (dict) for (const [k, v] of Object.entries(dict)) this.set(k, v as M);
  }

  get length(): number {
    return this._modules.size;
  }

  get(key: string): M | undefined {
    return this._modules.get(key) as M | undefined;
  }

  set(key: string, m: M | Record<string, unknown>): void {
    this.addModule(key, toModule('ModuleDict', m, key));
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  delete(key: string): boolean {
    return this._modules.delete(key);
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): M[] {
    return [...this._modules.values()] as M[];
  }

  entries(): Array<[string, M]> {
    return [...this._modules.entries()] as Array<[string, M]>;
  }
}
