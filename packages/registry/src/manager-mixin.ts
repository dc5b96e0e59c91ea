import { type ManagerRecord, state } from './global-state';
import { describe } from '@eng/internal';
import { RegistryError } from './errors';
import { warn } from './logger';

const MANAGER_BRAND = Symbol.for('@eng/registry/ManagerMixin');
const RECORD = Symbol.for('@eng/registry/ManagerMixin.instances');
/** @internal A static method a subclass may define; `getInstance` calls it with each instance it creates. */
export const INSTANCE_CREATED = Symbol.for('@eng/registry/ManagerMixin.instanceCreated');

type ManagerClass = typeof ManagerMixin & { [RECORD]?: ManagerRecord; managerKey?: string };

/** The options a managed class is constructed with, without `name` (getInstance adds it). */
export type InstanceArgs<C> = C extends abstract new (
  options: infer O,
  ...rest: any[]
) => any
  ? O extends object
    ? Omit<O, 'name'>
    : Record<string, unknown>
  : Record<string, unknown>;

function newRecord(): ManagerRecord {
  return { instances: new Map(), latest: undefined };
}

/** The record of `cls`'s own instances: process-wide under `managerKey` when the class declares one. */
export function managerRecordOf(cls: Function): ManagerRecord {
  const klass = cls as ManagerClass;
  if (Object.hasOwn(klass, 'managerKey') && typeof klass.managerKey === 'string') {
    let record = state.managers.get(klass.managerKey);
    if (!record) state.managers.set(klass.managerKey, (record = newRecord()));
    return record;
  }
  if (!Object.hasOwn(klass, RECORD)) Object.defineProperty(klass, RECORD, { value: newRecord() });
  return klass[RECORD]!;
}

/** Whether `value` is a ManagerMixin subclass (from any copy of this package). */
export function isManagerClass(value: unknown): value is typeof ManagerMixin {
  return typeof value === 'function' && (value as { [MANAGER_BRAND]?: unknown })[MANAGER_BRAND] === true;
}

/**
 * MMEngine's `ManagerMixin`: a class whose instances are kept by name and reachable from anywhere.
 * `getInstance(name, args)` creates `new this({ ...args, name })` once per name; `getCurrentInstance()` returns the
 * latest created. Every subclass keeps its own instances. A subclass may set `static managerKey = '<pkg>/<Class>'`
 * to keep them process-wide (shared by the ESM and CJS builds of its package).
 *
 * @example
 * class MessageBoard extends ManagerMixin {
 *   constructor(options: { name: string }) { super(options.name); }
 * }
 * const a = MessageBoard.getInstance('train');
 * MessageBoard.getInstance('train') === a; // true
 * MessageBoard.getCurrentInstance() === a; // true
 */
export class ManagerMixin {
  static readonly [MANAGER_BRAND] = true;
  /** Set on a subclass to share its instances process-wide under this key. */
  declare static managerKey?: string;

  private readonly _instanceName: string;

  /** `name` may also be given as `{ name }`, the options object `getInstance` constructs with. */
  constructor(name: string | { readonly name: string }) {
    const value = typeof name === 'object' && name !== null ? name.name : name;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`name argument must be a non-empty string, but got ${describe(value)}`);
    }
    this._instanceName = value;
  }

  get instanceName(): string {
    return this._instanceName;
  }

  /** The instance called `name`, created with `new this({ ...args, name })` the first time. */
  static getInstance<C extends abstract new (...args: any[]) => ManagerMixin>(
    this: C,
    name: string,
    args?: InstanceArgs<C>,
  ): InstanceType<C> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass getInstance was called on.
    return getInstanceOf(this, name, args) as InstanceType<C>;
  }

  /** The latest instance created by `getInstance`; throws if there is none yet. */
  static getCurrentInstance<C extends abstract new (...args: any[]) => ManagerMixin>(this: C): InstanceType<C> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass getCurrentInstance was called on.
    return currentInstanceOf(this) as InstanceType<C>;
  }

  /** Whether an instance called `name` exists. */
  static checkInstanceCreated(name: string): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass checkInstanceCreated was called on.
    return managerRecordOf(this).instances.has(name);
  }
}

function getInstanceOf(cls: Function, name: string, args: object | undefined): ManagerMixin {
  if (typeof name !== 'string') {
    throw new TypeError(`${cls.name}.getInstance: name should be a string, but got ${describe(name)}`);
  }
  const record = managerRecordOf(cls);
  const existing = record.instances.get(name);
  if (existing !== undefined) {
    // `name` itself is not an "other argument": buildFromCfg passes the whole config, name included.
    const ignored = args ? Object.keys(args).filter((key) => key !== 'name') : [];
    if (ignored.length > 0) {
      warn(
        `${cls.name} instance named "${name}" has already been created; getInstance ignores the other arguments ` +
          `(${ignored.join(', ')}).`,
      );
    }
    return existing as ManagerMixin;
  }
  const instance = new (cls as new (options: object) => ManagerMixin)({ ...args, name });
  record.instances.set(name, instance);
  record.latest = instance;
  (cls as { [INSTANCE_CREATED]?: (instance: ManagerMixin) => void })[INSTANCE_CREATED]?.(instance);
  return instance;
}

function currentInstanceOf(cls: Function): unknown {
  const record = managerRecordOf(cls);
  if (record.latest === undefined) {
    throw new RegistryError(
      'NO_INSTANCE',
      `Before calling ${cls.name}.getCurrentInstance(), call ${cls.name}.getInstance(name) at least once.`,
    );
  }
  return record.latest;
}
