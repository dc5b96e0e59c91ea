// MMEngine's weight initializers: module-level helpers (`constantInit`, `kaimingInit`, …) and the config-driven
// classes (`src/register.ts` registers them in WEIGHT_INITIALIZERS under the names `init_cfg` uses: 'Constant', …).
import { describe, didYouMean } from '@eng/internal';
import { printLog } from '@eng/logging';
import { MODELS } from '@eng/registry';
import type { tf } from '@eng/tensor-gpu';
import type { LoadStateDictResult } from '../errors';
import type { BaseModule } from '../module/base-module';
import { classLayerNames } from '../module/class-layer-names';
import { moduleLabel } from '../module/module-name';
import { loadCheckpointStateDict, type ReviseKeys, stateDictWithPrefix } from './checkpoint';
import {
  type FanMode,
  fillConstant,
  fillKaimingNormal,
  fillKaimingUniform,
  fillNormal,
  fillTruncNormal,
  fillUniform,
  fillXavierNormal,
  fillXavierUniform,
} from './fill';
import { updateInitInfo } from './init-info';
import { PYTORCH_LAYER_NAMES } from './pytorch-layer-names';
import type { WeightInitializer } from './weight-initializer';
import { type ModelOptionsSchema, modelSchema } from '../options/option-shapes';

export type Distribution = 'normal' | 'uniform';

function weightOf(m: BaseModule): tf.Variable | undefined {
  return m.weightParam();
}

function fillBias(m: BaseModule, bias: number): void {
  const b = m.biasParam();
  if (b) fillConstant(b, bias);
}

export function constantInit(module: BaseModule, val: number, bias = 0): void {
  const w = weightOf(module);
  if (w) fillConstant(w, val);
  fillBias(module, bias);
}

export function xavierInit(module: BaseModule, gain = 1, bias = 0, distribution: Distribution = 'normal'): void {
  checkDistribution(distribution);
  const w = weightOf(module);
  if (w) {
    const fans = module.paramFans('weight');
    if (distribution === 'uniform') fillXavierUniform(w, gain, fans);
    else fillXavierNormal(w, gain, fans);
  }
  fillBias(module, bias);
}

export function normalInit(module: BaseModule, mean = 0, std = 1, bias = 0): void {
  const w = weightOf(module);
  if (w) fillNormal(w, mean, std);
  fillBias(module, bias);
}

export function truncNormalInit(module: BaseModule, mean = 0, std = 1, a = -2, b = 2, bias = 0): void {
  const w = weightOf(module);
  if (w) fillTruncNormal(w, mean, std, a, b);
  fillBias(module, bias);
}

export function uniformInit(module: BaseModule, a = 0, b = 1, bias = 0): void {
  const w = weightOf(module);
  if (w) fillUniform(w, a, b);
  fillBias(module, bias);
}

export function kaimingInit(
  module: BaseModule,
  a = 0,
  mode: FanMode = 'fan_out',
  nonlinearity = 'relu',
  bias = 0,
  distribution: Distribution = 'normal',
): void {
  checkDistribution(distribution);
  const w = weightOf(module);
  if (w) {
    const fans = module.paramFans('weight');
    if (distribution === 'uniform') fillKaimingUniform(w, a, mode, nonlinearity, fans);
    else fillKaimingNormal(w, a, mode, nonlinearity, fans);
  }
  fillBias(module, bias);
}

export function caffe2XavierInit(module: BaseModule, bias = 0): void {
  kaimingInit(module, 1, 'fan_in', 'leaky_relu', bias, 'uniform');
}

/** The bias that makes a sigmoid output `priorProb` (focal-loss style heads). */
export function biasInitWithProb(priorProb: number): number {
  return -Math.log((1 - priorProb) / priorProb);
}

function checkDistribution(d: string): void {
  if (d !== 'normal' && d !== 'uniform') {
    throw new TypeError(`distribution must be "normal" or "uniform", got "${d}"`);
  }
}

/** Options every initializer accepts (config spelling). */
export interface BaseInitOptions {
  bias?: number;
  bias_prob?: number;
  layer?: string | string[];
}

/**
 * The shared part of the initializers: `bias` / `bias_prob` and the `layer` filter. With `wholemodule` (set by an
 * `override`) every submodule with a `weight`/`bias` is initialised regardless of `layer`.
 */
export abstract class BaseInit implements WeightInitializer {
  wholemodule = false;
  readonly bias: number;
  readonly layer: string[];

  constructor(options: BaseInitOptions = {}) {
    const { bias = 0, bias_prob, layer } = options;
    if (typeof bias !== 'number') throw new TypeError(`bias must be a number, but got ${describe(bias)}`);
    if (bias_prob !== undefined && typeof bias_prob !== 'number') {
      throw new TypeError(`bias_prob must be a number, but got ${describe(bias_prob)}`);
    }
    if (layer !== undefined && typeof layer !== 'string' && !Array.isArray(layer)) {
      throw new TypeError(`layer must be a string or a list of strings, but got ${describe(layer)}`);
    }
    this.bias = bias_prob !== undefined ? biasInitWithProb(bias_prob) : bias;
    this.layer = layer === undefined ? [] : typeof layer === 'string' ? [layer] : [...layer];
  }

  /**
   * Initialises the matching submodules of `module` (MMEngine's `__call__`). A `layer` that initialises nothing is
   * logged as a warning: when no name of the list matches a module of the tree, and for a name that matches nothing
   * and is no layer name this package, the registered models or PyTorch know of (a likely typo).
   */
  call(module: BaseModule): void | Promise<void> {
    const matchedNames = new Set<string>();
    module.apply((m) => {
      if (this.wholemodule) {
        this.initModule(m);
        return;
      }
      let hit = false;
      for (const n of m.layerNames()) {
        if (this.layer.includes(n)) {
          matchedNames.add(n);
          hit = true;
        }
      }
      if (hit) this.initModule(m);
    });
    if (!this.wholemodule && this.layer.length) warnUnmatchedLayers(this, module, matchedNames);
    if (module._paramsInitInfo) updateInitInfo(module, this.initInfo());
  }

  protected abstract initModule(m: BaseModule): void;

  /** The line logged for every parameter this initializer changed. */
  initInfo(): string {
    return `${this.constructor.name}, bias=${this.bias}`;
  }
}

/** How many names a warning lists before it says how many more there are. */
const LIST_CAP = 10;

function cappedList(names: readonly string[]): string {
  const shown = names.slice(0, LIST_CAP).join(', ');
  return names.length > LIST_CAP ? `${shown}, ... (${names.length - LIST_CAP} more)` : shown;
}

/** Every name a registered model class (in MODELS) answers to, and PyTorch's layer names. */
function knownLayerNames(): Set<string> {
  const known = new Set(PYTORCH_LAYER_NAMES);
  for (const cls of MODELS.moduleDict.values()) {
    if (typeof cls === 'function') for (const n of classLayerNames(cls)) known.add(n);
  }
  return known;
}

function warnUnmatchedLayers(init: BaseInit, module: BaseModule, matchedNames: ReadonlySet<string>): void {
  const unmatched = init.layer.filter((n) => !matchedNames.has(n));
  if (!unmatched.length) return;
  const nothing = matchedNames.size === 0;
  let suspicious = unmatched;
  if (!nothing) {
    const known = knownLayerNames();
    suspicious = unmatched.filter((n) => !known.has(n));
    if (!suspicious.length) return;
  }
  const present = new Set<string>();
  const classes = new Set<string>();
  for (const m of module.modules()) {
    classes.add(m.constructor.name);
    for (const n of m.layerNames()) present.add(n);
  }
  const named = suspicious.map((name) => {
    const hint = didYouMean(name, present);
    return hint ? `"${name}" (${hint})` : `"${name}"`;
  });
  const what = nothing
    ? `${init.constructor.name} with layer ${named.join(', ')} matched no module of ${moduleLabel(module)}, so it initialised nothing`
    : `${init.constructor.name}: layer ${named.join(', ')} matched no module of ${moduleLabel(module)} and is not a layer name eng, MODELS or PyTorch knows`;
  printLog(
    `${what}. \`layer\` matches a class name or one of its bases (PyTorch names such as "_ConvNd" and ` +
      `"_BatchNorm" included); the classes here are: ${cappedList([...classes].sort())}`,
    { logger: 'current', level: 'WARNING' },
  );
}

export class ConstantInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Constant');

  readonly val: number;
  constructor(options: BaseInitOptions & { val: number }) {
    super(options);
    if (typeof options?.val !== 'number')
      throw new TypeError(`ConstantInit needs a number "val", got ${describe(options?.val)}`);
    this.val = options.val;
  }
  protected initModule(m: BaseModule): void {
    constantInit(m, this.val, this.bias);
  }
  override initInfo(): string {
    return `ConstantInit: val=${this.val}, bias=${this.bias}`;
  }
}

export class XavierInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Xavier');

  readonly gain: number;
  readonly distribution: Distribution;
  constructor(options: BaseInitOptions & { gain?: number; distribution?: Distribution } = {}) {
    super(options);
    this.gain = options.gain ?? 1;
    this.distribution = options.distribution ?? 'normal';
    checkDistribution(this.distribution);
  }
  protected initModule(m: BaseModule): void {
    xavierInit(m, this.gain, this.bias, this.distribution);
  }
  override initInfo(): string {
    return `XavierInit: gain=${this.gain}, distribution=${this.distribution}, bias=${this.bias}`;
  }
}

export class NormalInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Normal');

  readonly mean: number;
  readonly std: number;
  constructor(options: BaseInitOptions & { mean?: number; std?: number } = {}) {
    super(options);
    this.mean = options.mean ?? 0;
    this.std = options.std ?? 1;
  }
  protected initModule(m: BaseModule): void {
    normalInit(m, this.mean, this.std, this.bias);
  }
  override initInfo(): string {
    return `NormalInit: mean=${this.mean}, std=${this.std}, bias=${this.bias}`;
  }
}

export class TruncNormalInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('TruncNormal');

  readonly mean: number;
  readonly std: number;
  readonly a: number;
  readonly b: number;
  constructor(options: BaseInitOptions & { mean?: number; std?: number; a?: number; b?: number } = {}) {
    super(options);
    this.mean = options.mean ?? 0;
    this.std = options.std ?? 1;
    this.a = options.a ?? -2;
    this.b = options.b ?? 2;
  }
  protected initModule(m: BaseModule): void {
    truncNormalInit(m, this.mean, this.std, this.a, this.b, this.bias);
  }
  override initInfo(): string {
    return `TruncNormalInit: a=${this.a}, b=${this.b}, mean=${this.mean}, std=${this.std}, bias=${this.bias}`;
  }
}

export class UniformInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Uniform');

  readonly a: number;
  readonly b: number;
  constructor(options: BaseInitOptions & { a?: number; b?: number } = {}) {
    super(options);
    this.a = options.a ?? 0;
    this.b = options.b ?? 1;
  }
  protected initModule(m: BaseModule): void {
    uniformInit(m, this.a, this.b, this.bias);
  }
  override initInfo(): string {
    return `UniformInit: a=${this.a}, b=${this.b}, bias=${this.bias}`;
  }
}

export interface KaimingInitOptions extends BaseInitOptions {
  a?: number;
  mode?: FanMode;
  nonlinearity?: string;
  distribution?: Distribution;
}

export class KaimingInit extends BaseInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Kaiming');

  readonly a: number;
  readonly mode: FanMode;
  readonly nonlinearity: string;
  readonly distribution: Distribution;
  constructor(options: KaimingInitOptions = {}) {
    super(options);
    this.a = options.a ?? 0;
    this.mode = options.mode ?? 'fan_out';
    this.nonlinearity = options.nonlinearity ?? 'relu';
    this.distribution = options.distribution ?? 'normal';
    checkDistribution(this.distribution);
  }
  protected initModule(m: BaseModule): void {
    kaimingInit(m, this.a, this.mode, this.nonlinearity, this.bias, this.distribution);
  }
  override initInfo(): string {
    return (
      `${this.constructor.name}: a=${this.a}, mode=${this.mode}, nonlinearity=${this.nonlinearity}, ` +
      `distribution=${this.distribution}, bias=${this.bias}`
    );
  }
}

/** Kaiming uniform with a=1, fan_in, leaky_relu: what Caffe2 calls Xavier. */
export class Caffe2XavierInit extends KaimingInit {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static override readonly optionsSchema: ModelOptionsSchema = modelSchema('Caffe2Xavier');

  constructor(options: BaseInitOptions = {}) {
    super({ ...options, a: 1, mode: 'fan_in', nonlinearity: 'leaky_relu', distribution: 'uniform' });
  }
}

export interface PretrainedInitOptions {
  /** Path or URI of the checkpoint (anything @eng/fileio reads). */
  checkpoint: string;
  /** Load only the keys under this prefix (`'backbone.'`), with the prefix removed. */
  prefix?: string;
  /** Regex replacements applied to the checkpoint's keys, in order (MMEngine `revise_keys`); default strips `module.`. */
  revise_keys?: ReviseKeys;
  /** Accepted for config compatibility; tensors are always loaded to the active backend. */
  map_location?: string;
}

/**
 * The warning `Pretrained` logs when the checkpoint and the module do not match exactly, as MMEngine's
 * `load_state_dict` does (it leaves `num_batches_tracked` out of the missing keys too); `undefined` when they match.
 */
function pretrainedMismatchSummary(
  module: BaseModule,
  checkpoint: string,
  total: number,
  report: LoadStateDictResult,
): string | undefined {
  const missing = report.missingKeys.filter((k) => !k.includes('num_batches_tracked'));
  const { unexpectedKeys: unexpected, mismatchedKeys: mismatched } = report;
  if (!missing.length && !unexpected.length && !mismatched.length) return undefined;
  const loaded = total - report.missingKeys.length - mismatched.length;
  const lines = [
    `loaded ${loaded} of ${total} tensors of ${moduleLabel(module)} from ${checkpoint}: the model and the ` +
      'checkpoint do not match exactly, the rest keeps its initial values',
  ];
  if (missing.length) lines.push(`missing keys in source state_dict (${missing.length}): ${cappedList(missing)}`);
  if (unexpected.length) {
    lines.push(`unexpected key in source state_dict (${unexpected.length}): ${cappedList(unexpected)}`);
  }
  for (const m of mismatched.slice(0, LIST_CAP)) {
    lines.push(
      `size mismatch for ${m.key}: copying a param with shape [${m.got.join(', ')}] from checkpoint, ` +
        `the shape in current model is [${m.expected.join(', ')}]`,
    );
  }
  if (mismatched.length > LIST_CAP) lines.push(`... (${mismatched.length - LIST_CAP} more size mismatches)`);
  const hint = prefixHint(missing, unexpected);
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/** The first dotted segment shared by every key, with its dot (`'backbone.'`), or `undefined`. */
function sharedFirstSegment(keys: readonly string[]): string | undefined {
  const first = keys[0]?.split('.')[0];
  if (first === undefined || !keys.every((k) => k.startsWith(`${first}.`))) return undefined;
  return `${first}.`;
}

/** When the keys differ only by a leading segment, how to fix the config. */
function prefixHint(missing: readonly string[], unexpected: readonly string[]): string | undefined {
  if (!missing.length || !unexpected.length) return undefined;
  const missingSet = new Set(missing);
  const extra = sharedFirstSegment(unexpected);
  if (extra && unexpected.some((k) => missingSet.has(k.slice(extra.length)))) {
    return `hint: the checkpoint's keys start with "${extra}"; to load that part set prefix: '${extra}' in the init_cfg`;
  }
  const unexpectedSet = new Set(unexpected);
  const lacking = sharedFirstSegment(missing);
  if (lacking && missing.some((k) => unexpectedSet.has(k.slice(lacking.length)))) {
    return (
      `hint: the model's keys start with "${lacking}" and the checkpoint's do not; add it with ` +
      `revise_keys: [['^', '${lacking}']] in the init_cfg`
    );
  }
  return undefined;
}

/**
 * Loads a checkpoint into the module (non-strict). Keys that do not match (missing, unexpected, other shapes) are
 * skipped and summed up in a warning.
 */
export class PretrainedInit implements WeightInitializer {
  /** The options a registry build accepts; an unknown key is an error naming the nearest valid ones. */
  static readonly optionsSchema: ModelOptionsSchema = modelSchema('Pretrained');

  wholemodule = false;
  readonly checkpoint: string;
  readonly prefix: string | undefined;
  readonly reviseKeys: ReviseKeys;

  constructor(options: PretrainedInitOptions) {
    if (typeof options?.checkpoint !== 'string') {
      throw new TypeError(`PretrainedInit needs a "checkpoint" path, got ${describe(options?.checkpoint)}`);
    }
    this.checkpoint = options.checkpoint;
    this.prefix = options.prefix ?? undefined;
    this.reviseKeys = options.revise_keys ?? [['^module\\.', '']];
  }

  async call(module: BaseModule): Promise<void> {
    const full = await loadCheckpointStateDict(this.checkpoint, this.reviseKeys);
    let state = full;
    if (this.prefix === undefined) {
      printLog(`load model from: ${this.checkpoint}`, { logger: 'current', level: 'INFO' });
    } else {
      printLog(`load ${this.prefix} in model from: ${this.checkpoint}`, { logger: 'current', level: 'INFO' });
      state = stateDictWithPrefix(full, this.prefix, this.checkpoint);
    }
    try {
      const total = Object.keys(module.stateDict()).length;
      const report = module.loadStateDict(state, { strict: false, ignoreShapeMismatch: true });
      const summary = pretrainedMismatchSummary(module, this.checkpoint, total, report);
      if (summary) printLog(summary, { logger: 'current', level: 'WARNING' });
    } finally {
      for (const t of Object.values(full)) t.dispose();
    }
    if (module._paramsInitInfo) updateInitInfo(module, this.initInfo());
  }

  initInfo(): string {
    return `PretrainedInit: load from ${this.checkpoint}`;
  }
}
