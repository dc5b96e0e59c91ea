import { deepCopy, didYouMean } from '@eng/internal';
import { ManagerMixin } from '@eng/registry';
import { LoggingError } from './errors';
import { HistoryBuffer, type HistoryBufferState } from './history-buffer';
import { currentOrDefault } from './internal/current-or-default';
import { warn } from './internal/warn';

/**
 * A scalar as modules report it: a number, or a one-element tensor-like value (a TensorFlow.js tensor: anything
 * with `dataSync()` or `arraySync()`), read back to a number.
 */
export type ScalarLike = number | { dataSync(): ArrayLike<number>; size?: number } | { arraySync(): unknown };

/** An entry of {@link MessageHub.updateScalars}: a value, or `{ value, count }`. */
export type ScalarEntry = ScalarLike | { value: ScalarLike; count?: number };

/** Constructor options of {@link MessageHub}; `getInstance(name, options)` passes them. */
export interface MessageHubOptions {
  name: string;
  /** Initial scalars; every value must be a HistoryBuffer. */
  logScalars?: Record<string, HistoryBuffer>;
  /** Initial runtime information. */
  runtimeInfo?: Record<string, unknown>;
  /** Which keys of `logScalars`/`runtimeInfo` `stateDict()` keeps. */
  resumedKeys?: Record<string, boolean>;
}

/**
 * What {@link MessageHub.stateDict} returns and {@link MessageHub.loadStateDict} reads. The keys keep MMEngine's
 * spelling because they are checkpoint data. Buffers serialise through `toJSON`, so the whole object survives
 * `JSON.stringify` and loads back from the parsed JSON.
 */
export interface MessageHubState {
  log_scalars: Record<string, HistoryBuffer | HistoryBufferState>;
  runtime_info: Record<string, unknown>;
  resumed_keys: Record<string, boolean>;
}

function isHistoryBuffer(value: unknown): value is HistoryBuffer {
  // Duck-typed so a buffer from the package's other build (ESM vs CJS) is accepted too.
  return (
    value instanceof HistoryBuffer ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as HistoryBuffer).statistics === 'function' &&
      typeof (value as HistoryBuffer).stateDict === 'function')
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isTensorLike(value: Record<string, unknown>): boolean {
  return typeof value['dataSync'] === 'function' || typeof value['arraySync'] === 'function';
}

function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function copyRecord<T>(name: string, value: Record<string, T> | undefined): Record<string, T> {
  const out = emptyRecord<T>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object')
    throw new TypeError(`MessageHub: ${name} should be an object or undefined, but got ${typeof value}`);
  for (const key of Object.keys(value)) out[key] = value[key] as T;
  return out;
}

/** Reads a reported scalar back to a number, as MMEngine's `_get_valid_value`. */
export function toScalar(value: unknown, key = 'value'): number {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object') {
    const v = value as { dataSync?: () => ArrayLike<number>; arraySync?: () => unknown; size?: number };
    if (typeof v.dataSync === 'function') {
      if (typeof v.size === 'number' && v.size !== 1) {
        throw new TypeError(`MessageHub: '${key}' must hold exactly one element, but the tensor has ${v.size}`);
      }
      const data = v.dataSync();
      if (data.length !== 1) {
        throw new TypeError(`MessageHub: '${key}' must hold exactly one element, but got ${data.length}`);
      }
      return Number(data[0]);
    }
    if (typeof v.arraySync === 'function') {
      let data = v.arraySync();
      while (Array.isArray(data) && data.length === 1) data = data[0];
      if (typeof data === 'number') return data;
      throw new TypeError(
        `MessageHub: '${key}' must hold exactly one number, but arraySync() gave ${JSON.stringify(data)}`,
      );
    }
  }
  throw new TypeError(
    `MessageHub: '${key}' must be a number or a one-element tensor (with dataSync()), but got ${value === null ? 'null' : typeof value}`,
  );
}

/**
 * MMEngine's `MessageHub`: the place where modules share scalars (losses, learning rates, times, kept as
 * {@link HistoryBuffer}s) and runtime information (epoch, iter, meta), by instance name.
 *
 * @example
 * ```ts
 * const hub = MessageHub.getInstance('task');
 * hub.updateScalar('train/loss', 1);
 * hub.updateScalar('train/loss', 3);
 * hub.getScalar('train/loss').mean(); // 2
 * hub.updateInfo('iter', 1);
 * hub.getInfo('iter'); // 1
 * ```
 */
export class MessageHub extends ManagerMixin {
  static override managerKey = '@eng/logging/MessageHub@1';

  private _logScalars: Record<string, HistoryBuffer>;
  private _runtimeInfo: Record<string, unknown>;
  private _resumedKeys: Record<string, boolean>;

  constructor(opts: MessageHubOptions) {
    super(opts.name);
    this._logScalars = copyRecord('logScalars', opts.logScalars);
    this._runtimeInfo = copyRecord('runtimeInfo', opts.runtimeInfo);
    this._resumedKeys = copyRecord('resumedKeys', opts.resumedKeys);
    for (const [key, value] of Object.entries(this._logScalars)) {
      if (!isHistoryBuffer(value)) {
        throw new TypeError(`MessageHub: logScalars['${key}'] must be a HistoryBuffer, but got ${typeof value}`);
      }
    }
    for (const key of Object.keys(this._resumedKeys)) {
      if (!(key in this._logScalars) && !(key in this._runtimeInfo)) {
        const hint = didYouMean(key, [...Object.keys(this._logScalars), ...Object.keys(this._runtimeInfo)]);
        throw new LoggingError(
          'INVALID_STATE_DICT',
          `MessageHub: resumedKeys['${key}'] names neither a log scalar nor a runtime info key.${hint && ` ${hint}`}`,
        );
      }
    }
  }

  /**
   * The latest created hub; before any exists, creates and returns the one named `'mmengine'` (as MMEngine does,
   * unlike other ManagerMixin classes).
   */
  static override getCurrentInstance<C extends abstract new (...args: any[]) => ManagerMixin>(
    this: C,
  ): InstanceType<C> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass whose instances are meant.
    return currentOrDefault(this, 'mmengine') as InstanceType<C>;
  }

  /**
   * Appends `value` (with `count`, an integer) to the buffer of `key`, creating it on first use. `resumed` says
   * whether `stateDict()` keeps this key; it cannot change for a key once set.
   */
  updateScalar(key: string, value: ScalarLike, count = 1, resumed = true): void {
    this._setResumedKey(key, resumed);
    const checked = toScalar(value, key);
    if (!Number.isInteger(count)) {
      throw new TypeError(`MessageHub.updateScalar('${key}'): count must be an integer, but got ${String(count)}`);
    }
    const buffer = this._logScalars[key];
    if (buffer) buffer.update(checked, count);
    else this._logScalars[key] = new HistoryBuffer([checked], [count]);
  }

  /** `updateScalar` for each entry; an entry may be `{ value, count }`. */
  updateScalars(logDict: Record<string, ScalarEntry>, resumed = true): void {
    if (!isPlainRecord(logDict)) {
      throw new TypeError(`MessageHub.updateScalars: logDict must be a plain object, but got ${typeof logDict}`);
    }
    for (const [name, entry] of Object.entries(logDict)) {
      if (isPlainRecord(entry) && !isTensorLike(entry)) {
        if (!('value' in entry)) {
          throw new TypeError(
            `MessageHub.updateScalars: '${name}' is an object without 'value': ${JSON.stringify(entry)}`,
          );
        }
        const count = entry.count === undefined ? 1 : toScalar(entry.count, `${name}.count`);
        this.updateScalar(name, entry.value as ScalarLike, count, resumed);
      } else {
        this.updateScalar(name, entry as ScalarLike, 1, resumed);
      }
    }
  }

  /** Sets runtime information `key` (overwriting it). */
  updateInfo(key: string, value: unknown, resumed = true): void {
    this._setResumedKey(key, resumed);
    this._runtimeInfo[key] = value;
  }

  /** `updateInfo` for each entry. */
  updateInfoDict(infoDict: Record<string, unknown>, resumed = true): void {
    if (infoDict === null || typeof infoDict !== 'object') {
      throw new TypeError(`MessageHub.updateInfoDict: infoDict must be an object, but got ${typeof infoDict}`);
    }
    for (const [key, value] of Object.entries(infoDict)) this.updateInfo(key, value, resumed);
  }

  /** Removes runtime information `key` and returns it (or `defaultValue`). */
  popInfo(key: string, defaultValue?: unknown): unknown {
    if (!(key in this._runtimeInfo)) return defaultValue;
    const value = this._runtimeInfo[key];
    delete this._runtimeInfo[key];
    return value;
  }

  /** All scalar buffers by key (the live object, not a copy). */
  get logScalars(): Readonly<Record<string, HistoryBuffer>> {
    return this._logScalars;
  }

  /** All runtime information (the live object, not a copy). */
  get runtimeInfo(): Readonly<Record<string, unknown>> {
    return this._runtimeInfo;
  }

  /** Whether each key is kept by `stateDict()`. */
  get resumedKeys(): Readonly<Record<string, boolean>> {
    return this._resumedKeys;
  }

  /** The buffer of `key` (a reference); throws with the nearest known keys when absent. */
  getScalar(key: string): HistoryBuffer {
    const buffer = this._logScalars[key];
    if (buffer === undefined) {
      const hint = didYouMean(key, Object.keys(this._logScalars));
      throw new LoggingError(
        'UNKNOWN_SCALAR',
        `'${key}' is not found in MessageHub '${this.instanceName}'.logScalars.${hint && ` ${hint}`}`,
      );
    }
    return buffer;
  }

  /** Runtime information `key`, or `defaultValue` when absent. */
  getInfo<T = unknown>(key: string, defaultValue?: T): T | undefined {
    return key in this._runtimeInfo ? (this._runtimeInfo[key] as T) : defaultValue;
  }

  /**
   * The keys marked `resumed`: copies of their buffers and runtime values, plus `resumed_keys`. A runtime value that
   * cannot be copied is kept by reference, with a warning.
   */
  stateDict(): MessageHubState {
    const logScalars = emptyRecord<HistoryBuffer>();
    const runtimeInfo = emptyRecord<unknown>();
    for (const [key, buffer] of Object.entries(this._logScalars)) {
      if (this._resumedKeys[key]) logScalars[key] = buffer.clone();
    }
    for (const [key, value] of Object.entries(this._runtimeInfo)) {
      if (!this._resumedKeys[key]) continue;
      runtimeInfo[key] = this._copyOrReference(key, value, 'return');
    }
    return { log_scalars: logScalars, runtime_info: runtimeInfo, resumed_keys: { ...this._resumedKeys } };
  }

  /**
   * Loads what `stateDict()` returned (or its JSON), or copies everything from another MessageHub. Entries of
   * `log_scalars` that are not buffers and `resumed_keys` naming unknown keys are skipped with a warning.
   */
  loadStateDict(state: MessageHubState | MessageHub): void {
    if (state instanceof MessageHub) {
      this._logScalars = emptyRecord();
      for (const [key, buffer] of Object.entries(state.logScalars)) this._logScalars[key] = buffer.clone();
      this._runtimeInfo = emptyRecord();
      for (const [key, value] of Object.entries(state.runtimeInfo)) {
        this._runtimeInfo[key] = this._copyOrReference(key, value, 'use');
      }
      this._resumedKeys = copyRecord('resumedKeys', { ...state.resumedKeys });
      return;
    }
    if (state === null || typeof state !== 'object') {
      throw new TypeError(`MessageHub.loadStateDict expects a state dict or a MessageHub, but got ${typeof state}`);
    }
    for (const key of ['log_scalars', 'runtime_info', 'resumed_keys'] as const) {
      if (!(key in state) || state[key] === null || typeof state[key] !== 'object') {
        throw new LoggingError(
          'INVALID_STATE_DICT',
          `The state dict loaded into MessageHub '${this.instanceName}' must contain the key '${key}' (an object)`,
        );
      }
    }
    for (const [key, value] of Object.entries(state.log_scalars)) {
      if (isHistoryBuffer(value)) this._logScalars[key] = value;
      else if (HistoryBuffer.isState(value)) this._logScalars[key] = HistoryBuffer.fromStateDict(value);
      else warn(`${key} in message_hub is not HistoryBuffer, just skip resuming it.`);
    }
    for (const [key, value] of Object.entries(state.runtime_info)) {
      this._runtimeInfo[key] = this._copyOrReference(key, value, 'use');
    }
    for (const [key, value] of Object.entries(state.resumed_keys)) {
      if (!(key in this._logScalars) && !(key in this._runtimeInfo)) {
        warn(`resumed key: ${key} is not defined in message_hub, just skip resuming this key.`);
        continue;
      }
      if (!value) {
        warn(
          `Although resumed key: ${key} is False, ${key} will still be loaded this time. This key will not be saved by the next calling of \`MessageHub.stateDict()\``,
        );
      }
      this._resumedKeys[key] = value;
    }
  }

  /** The state dict, so `JSON.stringify(hub)` writes what a checkpoint needs. */
  toJSON(): MessageHubState {
    return this.stateDict();
  }

  private _copyOrReference(key: string, value: unknown, verb: 'return' | 'use'): unknown {
    try {
      return deepCopy(value, 'strict');
    } catch {
      warn(`${key} in message_hub cannot be copied, just ${verb} its reference.`);
      return value;
    }
  }

  private _setResumedKey(key: string, resumed: boolean): void {
    const previous = this._resumedKeys[key];
    if (previous === undefined) {
      this._resumedKeys[key] = resumed;
    } else if (previous !== resumed) {
      throw new LoggingError(
        'RESUMED_KEY_CONFLICT',
        `MessageHub '${this.instanceName}': '${key}' used to be resumed=${previous}, but got resumed=${resumed} now; the resumed flag of a key cannot change`,
      );
    }
  }
}
