import { brandClass, deepCopy, describe, didYouMean } from '@eng/internal';
import { MMLogger, printLog } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import { type LoadStateDictResult, ModelError, type ShapeMismatch, StateDictError } from '../errors';
import { calculateFanInAndFanOut } from '../init/calculate-fan-in-and-fan-out';
import { type InitCfg, initialize, isPretrainedCfg } from '../init/init-cfg';
import { updateInitInfo } from '../init/init-info';
import { assignInto } from './assign-into';
import { classLayerNames } from './class-layer-names';
import { meanValue } from './mean-value';
import { recordParent } from './module-name';
import { sameShape } from './shape';

/** `init_cfg` as a config writes it: one initializer config or a list of them. */
export type InitCfgOption = InitCfg | InitCfg[] | null | undefined;

export interface BaseModuleOptions {
  /** MMEngine's `init_cfg` (config spelling). */
  init_cfg?: InitCfgOption;
  /** Same as `init_cfg`, for code that prefers camelCase. */
  initCfg?: InitCfgOption;
}

export type StateDict = Record<string, tf.Tensor>;

export interface StateDictOptions {
  /** Prepended to every key (PyTorch's `prefix`). */
  prefix?: string;
  /**
   * `false` (default): the values are the module's own `tf.Variable`s (live references, as PyTorch's `state_dict()`
   * shares storage); never dispose them. `true`: independent copies the caller owns and disposes.
   */
  clone?: boolean;
}

export interface LoadStateDictOptions {
  /** Missing or unexpected keys are an error (default true), as PyTorch's `strict`. */
  strict?: boolean;
  /** Skip (and report) keys whose shapes differ instead of throwing, as MMEngine's checkpoint loader does. */
  ignoreShapeMismatch?: boolean;
}

interface ParamInitInfo {
  initInfo: string;
  tmpMeanValue: number;
}

/** @internal shared by every module of a tree while `initWeights` runs */
export type ParamsInitInfo = Map<tf.Variable, ParamInitInfo>;

const NAME_RE = /^[^.]+$/;

function checkName(kind: string, name: string): void {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new ModelError('INVALID_NAME', `${kind} name must be a non-empty string without ".", got ${String(name)}`);
  }
}

/**
 * The base of every module: a PyTorch-style tree of named children, parameters (`tf.Variable`s) and buffers, with
 * MMEngine's `init_cfg` / `initWeights` on top.
 *
 * Children are found two ways: modules added with `addModule(name, m)` (containers use this for `0`, `1`, …) and
 * every own property whose value is a `BaseModule` and whose name does not start with `_` (so `this.conv1 = new
 * Conv2d(...)` registers `conv1`, as assigning an `nn.Module` attribute does in PyTorch).
 *
 * @example
 * class ToyNet extends BaseModule {
 *   linear = new Linear({ in_features: 2, out_features: 1 });
 *   override forward(x: tf.Tensor) { return this.linear.forward(x); }
 * }
 * const net = new ToyNet();
 * [...net.namedParameters()].map(([n]) => n); // ['linear.weight', 'linear.bias']
 */
export class BaseModule {
  /** MMEngine's `init_cfg`. */
  initCfg: InitCfg | InitCfg[] | undefined;
  /** Training mode (dropout active, batch norm uses batch statistics). */
  training = true;
  /** Set once `initWeights` has run. */
  isInit = false;

  protected readonly _modules = new Map<string, BaseModule | undefined>();
  protected readonly _parameters = new Map<string, tf.Variable | undefined>();
  protected readonly _buffers = new Map<string, tf.Variable | undefined>();
  protected readonly _nonPersistentBuffers = new Set<string>();
  /** @internal */
  _paramsInitInfo: ParamsInitInfo | undefined = undefined;
  private _disposed = false;

  constructor(options: BaseModuleOptions = {}) {
    const cfg = options.init_cfg ?? options.initCfg ?? undefined;
    this.initCfg = cfg == null ? undefined : deepCopy(cfg, 'keep');
  }

  // ---------------------------------------------------------------- registration

  /** Registers (or replaces) a child module under `name`; returns it. */
  addModule<M extends BaseModule | undefined>(name: string, module: M): M {
    checkName('module', name);
    if (module !== undefined && !(module instanceof BaseModule)) {
      throw new TypeError(`addModule("${name}"): expected a BaseModule, got ${describe(module)}`);
    }
    if (this._parameters.has(name) || this._buffers.has(name)) {
      throw new ModelError('NAME_TAKEN', `"${name}" is already a parameter or buffer of ${this.constructor.name}`);
    }
    this._modules.set(name, module);
    if (module) recordParent(module, this, name);
    return module;
  }

  /** Registers a trainable parameter (PyTorch `register_parameter`); `undefined` records an absent one (bias=False). */
  registerParameter(name: string, variable: tf.Variable | undefined): tf.Variable | undefined {
    checkName('parameter', name);
    if (variable !== undefined && !(variable instanceof tf.Variable)) {
      throw new TypeError(`registerParameter("${name}"): expected a tf.Variable, got ${describe(variable)}`);
    }
    if (this._modules.has(name) || this._buffers.has(name)) {
      throw new ModelError('NAME_TAKEN', `"${name}" is already a module or buffer of ${this.constructor.name}`);
    }
    this._parameters.set(name, variable);
    return variable;
  }

  /**
   * Registers a buffer: state that is saved in the state dict but not trained (running statistics). It is kept as a
   * non-trainable `tf.Variable` so that updates (`setBuffer`) work inside `tf.tidy` and gradient closures. The module
   * takes ownership: a plain tensor passed here is disposed once its value is in the variable.
   */
  registerBuffer(name: string, tensor: tf.Tensor | undefined, persistent = true): tf.Variable | undefined {
    checkName('buffer', name);
    if (this._modules.has(name) || this._parameters.has(name)) {
      throw new ModelError('NAME_TAKEN', `"${name}" is already a module or parameter of ${this.constructor.name}`);
    }
    let variable: tf.Variable | undefined;
    if (tensor !== undefined) {
      if (!(tensor instanceof tf.Tensor)) {
        throw new TypeError(`registerBuffer("${name}"): expected a tf.Tensor, got ${describe(tensor)}`);
      }
      if (tensor instanceof tf.Variable) variable = tensor;
      else {
        variable = tf.variable(tensor, false);
        tensor.dispose();
      }
      variable.trainable = false;
    }
    this._buffers.set(name, variable);
    if (persistent) this._nonPersistentBuffers.delete(name);
    else this._nonPersistentBuffers.add(name);
    return variable;
  }

  /** A parameter registered on this module (not its children), or `undefined`. */
  getParameter(name: string): tf.Variable | undefined {
    return this._parameters.get(name);
  }

  /** A buffer registered on this module (not its children), or `undefined`. */
  getBuffer(name: string): tf.Variable | undefined {
    return this._buffers.get(name);
  }

  /** Writes a new value into a registered buffer (same shape; cast to its dtype). */
  setBuffer(name: string, value: tf.Tensor): void {
    const buffer = this._buffers.get(name);
    if (!buffer) throw new ModelError('NO_BUFFER', `${this.constructor.name} has no buffer "${name}"`);
    assignInto(buffer, value, name);
  }

  // ---------------------------------------------------------------- traversal

  /** Direct children with their names, each once. */
  *namedChildren(): Generator<[string, BaseModule]> {
    const seen = new Set<BaseModule>();
    for (const [name, m] of this._modules) {
      if (m && !seen.has(m)) {
        seen.add(m);
        recordParent(m, this, name);
        yield [name, m];
      }
    }
    for (const key of Object.keys(this)) {
      if (key.startsWith('_') || this._modules.has(key)) continue;
      const value = (this as Record<string, unknown>)[key];
      if (value instanceof BaseModule && value !== this && !seen.has(value)) {
        seen.add(value);
        recordParent(value, this, key);
        yield [key, value];
      }
    }
  }

  *children(): Generator<BaseModule> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module (name `prefix`, '' by default) and every descendant with its dotted name, each module once. */
  *namedModules(prefix = '', memo: Set<BaseModule> = new Set()): Generator<[string, BaseModule]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [name, child] of this.namedChildren()) {
      yield* child.namedModules(prefix ? `${prefix}.${name}` : name, memo);
    }
  }

  *modules(): Generator<BaseModule> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Every parameter of the tree with its dotted name (`backbone.layer1.0.conv.weight`), each variable once. */
  *namedParameters(prefix = '', recurse = true): Generator<[string, tf.Variable]> {
    yield* this._namedMembers((m) => m._parameters, prefix, recurse);
  }

  *parameters(recurse = true): Generator<tf.Variable> {
    for (const [, p] of this.namedParameters('', recurse)) yield p;
  }

  /** Every buffer of the tree (running statistics, step counters) with its dotted name. */
  *namedBuffers(prefix = '', recurse = true): Generator<[string, tf.Variable]> {
    yield* this._namedMembers((m) => m._buffers, prefix, recurse);
  }

  *buffers(recurse = true): Generator<tf.Variable> {
    for (const [, b] of this.namedBuffers('', recurse)) yield b;
  }

  private *_namedMembers(
    pick: (m: BaseModule) => Map<string, tf.Variable | undefined>,
    prefix: string,
    recurse: boolean,
  ): Generator<[string, tf.Variable]> {
    const seen = new Set<tf.Variable>();
    const mods: Iterable<[string, BaseModule]> = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modName, m] of mods) {
      for (const [name, v] of pick(m)) {
        if (!v || seen.has(v)) continue;
        seen.add(v);
        yield [modName ? `${modName}.${name}` : name, v];
      }
    }
  }

  /** The descendant at a dotted path (`'backbone.layer1.0'`); '' is this module. */
  getSubmodule(target: string): BaseModule {
    if (target === '') return this;
    let mod: BaseModule = this;
    const walked: string[] = [];
    for (const part of target.split('.')) {
      const children = new Map(mod.namedChildren());
      const next = children.get(part);
      if (!next) {
        const hint = didYouMean(part, children.keys());
        const where = walked.length ? `"${walked.join('.')}"` : 'the root module';
        throw new ModelError(
          'NO_SUBMODULE',
          `${where} (${mod.constructor.name}) has no submodule "${part}" (looking up "${target}")` +
            (hint ? `. ${hint}` : ''),
        );
      }
      walked.push(part);
      mod = next;
    }
    return mod;
  }

  /** Calls `fn` on every descendant and then on this module (PyTorch `apply`). */
  apply(fn: (m: BaseModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---------------------------------------------------------------- modes

  /** Sets training mode on the whole tree (PyTorch `train(mode)`). */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Marks every parameter trainable or frozen (PyTorch `requires_grad_`); frozen ones get no gradient. */
  requiresGrad(flag = true): this {
    for (const p of this.parameters()) p.trainable = flag;
    return this;
  }

  // ---------------------------------------------------------------- state dict

  private _namedStateVariables(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    const seen = new Set<tf.Variable>();
    for (const [modName, m] of this.namedModules(prefix)) {
      const dot = modName ? `${modName}.` : '';
      for (const [name, v] of m._parameters) {
        if (v && !seen.has(v)) {
          seen.add(v);
          out.push([dot + name, v]);
        }
      }
      for (const [name, v] of m._buffers) {
        if (v && !m._nonPersistentBuffers.has(name) && !seen.has(v)) {
          seen.add(v);
          out.push([dot + name, v]);
        }
      }
    }
    return out;
  }

  /**
   * Parameters and persistent buffers by dotted name. By default the values are the live variables (see
   * `StateDictOptions.clone`).
   */
  stateDict(options: StateDictOptions = {}): StateDict {
    const out: StateDict = {};
    for (const [name, v] of this._namedStateVariables(options.prefix ?? '')) {
      out[name] = options.clone ? tf.keep(v.clone()) : v;
    }
    return out;
  }

  /**
   * Copies values from `state` into this module's parameters and buffers. Shape mismatches name the key and both
   * shapes; with `strict` (the default) missing or unexpected keys are an error too. Nothing is written when it
   * throws. Returns the report of missing/unexpected/skipped keys.
   */
  loadStateDict(
    state: Record<string, tf.Tensor> | Map<string, tf.Tensor>,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const strict = options.strict ?? true;
    const entries = state instanceof Map ? state : new Map(Object.entries(state));
    const own = this._namedStateVariables();
    const ownKeys = new Set(own.map(([k]) => k));
    const missingKeys: string[] = [];
    const mismatchedKeys: ShapeMismatch[] = [];
    const toAssign: Array<[string, tf.Variable, tf.Tensor]> = [];
    for (const [key, variable] of own) {
      const value = entries.get(key);
      if (value === undefined) {
        missingKeys.push(key);
        continue;
      }
      if (!(value instanceof tf.Tensor)) {
        throw new TypeError(`loadStateDict: "${key}" must be a tf.Tensor, got ${describe(value)}`);
      }
      if (!sameShape(value.shape, variable.shape)) {
        mismatchedKeys.push({ key, expected: [...variable.shape], got: [...value.shape] });
        continue;
      }
      toAssign.push([key, variable, value]);
    }
    const unexpectedKeys = [...entries.keys()].filter((k) => !ownKeys.has(k));
    const report = { missingKeys, unexpectedKeys, mismatchedKeys };
    const problems: string[] = [];
    if (mismatchedKeys.length && !options.ignoreShapeMismatch) {
      problems.push(
        ...mismatchedKeys.map(
          (m) =>
            `size mismatch for "${m.key}": the checkpoint has shape [${m.got.join(', ')}], ` +
            `the model expects [${m.expected.join(', ')}]`,
        ),
      );
    }
    if (strict && missingKeys.length) problems.push(`missing keys in state dict: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length) {
      problems.push(
        `unexpected keys in state dict: ${unexpectedKeys
          .map((k) => {
            const hint = didYouMean(k, ownKeys, { count: 1 });
            return hint ? `${k} (${hint})` : k;
          })
          .join(', ')}`,
      );
    }
    if (problems.length) {
      throw new StateDictError(
        `Error(s) in loading state dict for ${this.constructor.name}:\n  ${problems.join('\n  ')}`,
        report,
      );
    }
    tf.tidy(() => {
      for (const [key, variable, value] of toAssign) assignInto(variable, value, key);
    });
    return report;
  }

  // ---------------------------------------------------------------- weights

  /**
   * Whether this module is a normalization layer (BatchNorm, LayerNorm, GroupNorm…): `paramwise_cfg`'s `norm_decay_mult`
   * uses it.
   */
  get isNorm(): boolean {
    return false;
  }

  /** Whether this module is a depthwise convolution (`groups === in_channels`): `paramwise_cfg`'s `dwconv_decay_mult`. */
  get isDepthwiseConv(): boolean {
    return false;
  }

  /**
   * The names of the PyTorch classes this class stands for, between it and `nn.Module` (`Conv2d`: `_ConvNd`;
   * `BatchNorm2d`: `_BatchNorm`, `_NormBase`), which an `init_cfg`'s `layer` matches as MMEngine matches a PyTorch
   * module's bases. Each class declares its own; `layerNames()` collects them along the prototype chain, so a user
   * class extending `Conv2d` answers to `_ConvNd` too.
   */
  static readonly torchBases: readonly string[] = ['Module'];

  /**
   * Names an `init_cfg`'s `layer` matches against: the class and every class it extends (up to `BaseModule`), each
   * followed by its `torchBases`. `Conv2d`: `Conv2d, _ConvNd, BaseModule, Module`.
   */
  layerNames(): string[] {
    return classLayerNames(this.constructor);
  }

  /** The parameter weight initializers fill as this module's weight (`weight`; wrapped Keras layers: `kernel`). */
  weightParam(): tf.Variable | undefined {
    return this._parameters.get('weight');
  }

  /** The parameter weight initializers fill as this module's bias. */
  biasParam(): tf.Variable | undefined {
    return this._parameters.get('bias');
  }

  /**
   * `[fanIn, fanOut]` of one of this module's parameters, for Xavier/Kaiming. The default reads the shape in PyTorch's
   * layout (`[out, in, ...kernel]`); layers that store weights in another layout (Conv2d) override it.
   */
  paramFans(name: string): [number, number] {
    const p = this._parameters.get(name);
    if (!p) throw new ModelError('NO_PARAMETER', `${this.constructor.name} has no parameter "${name}"`);
    return calculateFanInAndFanOut(p.shape);
  }

  /**
   * MMEngine `init_weights`: applies `initCfg` (except `Pretrained`), then calls `initWeights` of every child not yet
   * initialised, then loads `Pretrained` configs last so they win. The top-level call logs, for each parameter, what
   * initialised it. Async because `Pretrained` reads a checkpoint.
   */
  async initWeights(): Promise<void> {
    let isTopLevel = false;
    if (!this._paramsInitInfo) {
      isTopLevel = true;
      const info: ParamsInitInfo = new Map();
      tf.tidy(() => {
        for (const [, p] of this.namedParameters()) {
          info.set(p, {
            initInfo: `The value is the same before and after calling \`initWeights\` of ${this.constructor.name} `,
            tmpMeanValue: meanValue(p),
          });
        }
      });
      for (const m of this.modules()) m._paramsInitInfo = info;
    }
    try {
      if (!this.isInit) {
        const cfgs = this.initCfg === undefined ? [] : Array.isArray(this.initCfg) ? this.initCfg : [this.initCfg];
        const pretrained = cfgs.filter(isPretrainedCfg);
        const others = cfgs.filter((c) => !isPretrainedCfg(c));
        if (others.length) await initialize(this, others);
        for (const child of this.children()) {
          if (!child.isInit) {
            await child.initWeights();
            updateInitInfo(child, `Initialized by user-defined \`initWeights\` in ${child.constructor.name} `);
          }
        }
        if (pretrained.length) await initialize(this, pretrained);
        this.isInit = true;
      } else {
        printLog(`initWeights of ${this.constructor.name} has been called more than once.`, {
          logger: 'current',
          level: 'WARNING',
        });
      }
      if (isTopLevel) this._dumpInitInfo();
    } finally {
      if (isTopLevel) for (const m of this.modules()) m._paramsInitInfo = undefined;
    }
  }

  /** What initialised each parameter in the last top-level `initWeights` (also logged). */
  initInfo: Array<{ name: string; shape: number[]; info: string }> = [];

  private _dumpInitInfo(): void {
    const info = this._paramsInitInfo;
    if (!info) return;
    this.initInfo = [];
    for (const [name, p] of this.namedParameters()) {
      this.initInfo.push({ name, shape: [...p.shape], info: info.get(p)?.initInfo ?? '' });
    }
    const lines = this.initInfo.map((e) => `\n${e.name} - [${e.shape.join(', ')}]: \n${e.info} \n`);
    // As MMEngine: the report goes to the log files when the current logger writes one, else to the console.
    const logger = MMLogger.getCurrentInstance();
    if (!logger.writeToFiles(`Name of parameter - Initialization information\n${lines.join('\n')}\n`)) {
      for (const line of lines) printLog(line, { logger: 'current', level: 'INFO' });
    }
  }

  // ---------------------------------------------------------------- forward

  /** Subclasses implement the computation. */
  forward(..._args: unknown[]): unknown {
    throw new ModelError('NOT_IMPLEMENTED', `${this.constructor.name} does not implement forward()`);
  }

  // ---------------------------------------------------------------- copy & dispose

  /**
   * A deep copy of the tree (as Python's `copy.deepcopy(model)`): new variables holding the same values, own copies
   * of tensors and child modules; other objects are shared. Used by the averaged models.
   */
  deepCopy(memo: Map<object, unknown> = new Map()): this {
    const hit = memo.get(this);
    if (hit) return hit as this;
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    memo.set(this, copy);
    for (const key of Reflect.ownKeys(this)) {
      const desc = Object.getOwnPropertyDescriptor(this, key) as PropertyDescriptor;
      if ('value' in desc) desc.value = copyValue(desc.value, memo);
      Object.defineProperty(copy, key, desc);
    }
    return copy;
  }

  /** Whether `dispose()` has run. */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Releases every parameter and buffer of the tree (and whatever subclasses own, see `disposeOwned`). */
  dispose(): void {
    for (const m of [...this.modules()]) {
      if (m._disposed) continue;
      m._disposed = true;
      for (const v of m._parameters.values()) if (v && !v.isDisposed) v.dispose();
      for (const v of m._buffers.values()) if (v && !v.isDisposed) v.dispose();
      m.disposeOwned();
    }
  }

  /** Hook for subclasses holding tensors outside parameters and buffers. */
  protected disposeOwned(): void {}

  /** One line of extra information for `toString()`. */
  extraRepr(): string {
    return '';
  }

  toString(): string {
    const lines: string[] = [];
    for (const [name, child] of this.namedChildren()) {
      lines.push(`(${name}): ${child.toString().replace(/\n/g, '\n  ')}`);
    }
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    let s = lines.length ? `${head}\n  ${lines.join('\n  ')}\n)` : `${head})`;
    if (this.initCfg) s += `\ninit_cfg=${JSON.stringify(this.initCfg)}`;
    return s;
  }
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function copyValue(value: unknown, memo: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const hit = memo.get(value);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (value instanceof BaseModule) return value.deepCopy(memo);
  if (value instanceof tf.Variable) {
    out = value.isDisposed ? value : tf.variable(value, value.trainable);
  } else if (value instanceof tf.Tensor) {
    out = value.isDisposed ? value : tf.keep(value.clone());
  } else if (Array.isArray(value)) {
    const arr: unknown[] = [];
    memo.set(value, arr);
    for (const item of value) arr.push(copyValue(item, memo));
    return arr;
  } else if (value instanceof Map) {
    const map = new Map();
    memo.set(value, map);
    for (const [k, v] of value) map.set(k, copyValue(v, memo));
    return map;
  } else if (value instanceof Set) {
    const set = new Set();
    memo.set(value, set);
    for (const v of value) set.add(copyValue(v, memo));
    return set;
  } else if (isPlainObject(value)) {
    const obj: Record<string | symbol, unknown> = Object.create(Object.getPrototypeOf(value));
    memo.set(value, obj);
    for (const key of Reflect.ownKeys(value)) {
      obj[key] = copyValue((value as Record<string | symbol, unknown>)[key], memo);
    }
    return obj;
  } else {
    out = value;
  }
  memo.set(value, out);
  return out;
}

// `x instanceof BaseModule` also holds for modules made by another copy of this package in the process (its ESM and
// CJS builds), so module trees mixing both still find their children. Subclasses keep the usual check.
brandClass(BaseModule, '@eng/model/BaseModule');
