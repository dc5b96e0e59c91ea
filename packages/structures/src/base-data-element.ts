import { brandClass, deepCopy, describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { StructuresError } from './errors';

export type FieldType = 'metainfo' | 'data';

// The field sets live under symbols, so no field name (any string) can collide with them; `Symbol.for` so that the
// ESM and CJS builds of this package read the same sets on an element either of them made.
const METAINFO_FIELDS = Symbol.for('@eng/structures/BaseDataElement.metainfoFields');
const DATA_FIELDS = Symbol.for('@eng/structures/BaseDataElement.dataFields');

/** Keys of the prototype chain (methods, getters) that a field may not shadow. */
function isReserved(target: object, key: string): boolean {
  return key in Object.getPrototypeOf(target);
}

function findDescriptor(target: object, key: string): PropertyDescriptor | undefined {
  for (let p = Object.getPrototypeOf(target); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

/** Whether a class in the prototype chain defines `key` as an accessor with a setter. */
function hasSetter(target: object, key: string): boolean {
  return typeof findDescriptor(target, key)?.set === 'function';
}

export interface DataElementInit {
  metainfo?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/**
 * MMEngine's `BaseDataElement`: a bag of fields split into *metainfo* (image size, ids: set once, copied deeply) and
 * *data* (tensors, arrays, predictions). Fields are real properties: `el.bboxes = t` adds a data field, as attribute
 * assignment does in MMEngine; `set`/`get`/`pop`/`has` are the dictionary-style equivalents.
 *
 * `numpy()` becomes `toArray()` (nested JS arrays / typed data read from tensors), `to(device)` has no counterpart
 * (TensorFlow.js moves tensors between backends itself), and `cpu()`/`cuda()` are dropped.
 *
 * @example
 * const el = new BaseDataElement({ metainfo: { img_shape: [800, 1196] }, scores: tf.tensor1d([0.9, 0.1]) });
 * el.keys();          // ['scores']
 * el.metainfoKeys();  // ['img_shape']
 * el.img_shape;       // [800, 1196]
 */
export class BaseDataElement {
  /** Any field, read or written as a property (MMEngine's attribute access). */
  [key: string]: any;

  declare private [METAINFO_FIELDS]: Set<string>;
  declare private [DATA_FIELDS]: Set<string>;

  constructor(init: DataElementInit = {}) {
    Object.defineProperty(this, METAINFO_FIELDS, { value: new Set<string>(), enumerable: false });
    Object.defineProperty(this, DATA_FIELDS, { value: new Set<string>(), enumerable: false });
    const proxy = new Proxy(this, {
      set(target, key, value, receiver) {
        if (typeof key === 'symbol') return Reflect.set(target, key, value, receiver);
        (receiver as BaseDataElement).setField(value, key, 'data');
        return true;
      },
      deleteProperty(target, key) {
        if (typeof key === 'string') {
          target[METAINFO_FIELDS].delete(key);
          target[DATA_FIELDS].delete(key);
        }
        return Reflect.deleteProperty(target, key);
      },
    });
    const { metainfo, ...data } = init ?? {};
    if (metainfo != null) proxy.setMetainfo(metainfo);
    if (Object.keys(data).length) proxy.setData(data);
    // biome-ignore lint/correctness/noConstructorReturn: the proxy makes plain assignment register a data field
    return proxy;
  }

  /** Adds or replaces metainfo fields (values are deep-copied). */
  setMetainfo(metainfo: Record<string, unknown>): void {
    if (typeof metainfo !== 'object' || metainfo === null || Array.isArray(metainfo)) {
      throw new TypeError(`metainfo should be an object but got ${describe(metainfo)}`);
    }
    for (const [k, v] of Object.entries(metainfo)) this.setField(deepCopy(v, 'clone'), k, 'metainfo');
  }

  /** Adds or replaces data fields (through the same checks as assigning them). */
  setData(data: Record<string, unknown>): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new TypeError(`data should be an object but got ${describe(data)}`);
    }
    for (const [k, v] of Object.entries(data)) this[k] = v;
  }

  /** Copies the metainfo and data of `other` into this element. */
  update(other: BaseDataElement): void {
    if (!(other instanceof BaseDataElement)) {
      throw new TypeError(`update expects a BaseDataElement but got ${describe(other)}`);
    }
    this.setMetainfo(Object.fromEntries(other.metainfoItems()));
    this.setData(Object.fromEntries(other.items()));
  }

  /**
   * Sets one field. A name that is already a field of the other kind is an error, as in MMEngine. Data values go
   * through `checkDataField` first.
   */
  setField(
    value: unknown,
    name: string,
    fieldType: FieldType = 'data',
    dtype?: abstract new (...args: never[]) => unknown,
  ): void {
    if (fieldType !== 'metainfo' && fieldType !== 'data') {
      throw new TypeError(`fieldType must be "metainfo" or "data", got ${String(fieldType)}`);
    }
    if (fieldType === 'data') value = this.checkDataField(value, name);
    if (dtype !== undefined && !(value instanceof dtype)) {
      throw new TypeError(`${describe(value)} should be a ${dtype.name} (field "${name}")`);
    }
    const viaSetter = hasSetter(this, name);
    if (!viaSetter && isReserved(this, name)) {
      throw new StructuresError(
        'RESERVED_FIELD',
        `"${name}" is reserved by ${this.constructor.name} and cannot be a field`,
      );
    }
    if (fieldType === 'metainfo') {
      if (this[DATA_FIELDS].has(name)) {
        throw new StructuresError(
          'FIELD_KIND',
          `Cannot set ${name} to be a field of metainfo because ${name} is already a data field`,
        );
      }
      this[METAINFO_FIELDS].add(name);
    } else {
      if (this[METAINFO_FIELDS].has(name)) {
        throw new StructuresError(
          'FIELD_KIND',
          `Cannot set ${name} to be a field of data because ${name} is already a metainfo field`,
        );
      }
      this[DATA_FIELDS].add(name);
    }
    if (viaSetter) {
      // A subclass property (MMEngine's `@property` + setter storing `_name` through setField): run the setter.
      const setter = findDescriptor(this, name)?.set as (v: unknown) => void;
      setter.call(this, value);
      return;
    }
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Validates a data field's value before `setField` stores it and returns what to store; subclasses override it
   * (InstanceData checks lengths, PixelData shapes). The default accepts any value.
   */
  protected checkDataField(value: unknown, _name: string): unknown {
    return value;
  }

  /** A new element of the same class with this one's metainfo (or `metainfo`) and data (or `data`). */
  new(init: DataElementInit = {}): this {
    const { metainfo, ...data } = init;
    const out = new (this.constructor as new () => this)();
    out.setMetainfo(metainfo ?? Object.fromEntries(this.metainfoItems()));
    out.setData(Object.keys(data).length ? data : Object.fromEntries(this.items()));
    return out;
  }

  /** A shallow copy: same field values, independent field sets (MMEngine `clone`). */
  clone(): this {
    const out = new (this.constructor as new () => this)();
    out.setMetainfo(Object.fromEntries(this.metainfoItems()));
    out.setData(Object.fromEntries(this.items()));
    return out;
  }

  /** Data field names; `_name` fields stored by a `name` accessor are listed as `name` only (as MMEngine). */
  keys(): string[] {
    const fields = this[DATA_FIELDS];
    const hidden = new Set([...fields].filter((k) => hasSetter(this, k)).map((k) => `_${k}`));
    return [...fields].filter((k) => !hidden.has(k));
  }

  metainfoKeys(): string[] {
    return [...this[METAINFO_FIELDS]];
  }

  values(): unknown[] {
    return this.keys().map((k) => this[k]);
  }

  metainfoValues(): unknown[] {
    return this.metainfoKeys().map((k) => this[k]);
  }

  allKeys(): string[] {
    return [...this.metainfoKeys(), ...this.keys()];
  }

  allValues(): unknown[] {
    return [...this.metainfoValues(), ...this.values()];
  }

  *items(): Generator<[string, unknown]> {
    for (const k of this.keys()) yield [k, this[k]];
  }

  *metainfoItems(): Generator<[string, unknown]> {
    for (const k of this.metainfoKeys()) yield [k, this[k]];
  }

  *allItems(): Generator<[string, unknown]> {
    for (const k of this.allKeys()) yield [k, this[k]];
  }

  /** The metainfo as a plain object. */
  get metainfo(): Record<string, unknown> {
    return Object.fromEntries(this.metainfoItems());
  }

  /** A field's value, or `defaultValue` (MMEngine `get`). */
  get<T = unknown>(key: string, defaultValue?: T): T | undefined {
    return this.has(key) ? (this[key] as T) : defaultValue;
  }

  /** Sets a data field (`el.set('x', v)` is `el.x = v`). */
  set(key: string, value: unknown): void {
    this[key] = value;
  }

  /** Removes a field and returns its value; without `defaultValue` a missing key is an error. */
  pop<T = unknown>(key: string, ...defaultValue: [T?]): T | undefined {
    if (this.has(key)) {
      const v = this[key] as T;
      delete this[key];
      return v;
    }
    if (defaultValue.length) return defaultValue[0];
    throw new StructuresError('NO_FIELD', `${key} is not contained in metainfo or data`);
  }

  /** Whether `key` is a metainfo or data field (Python's `in`). */
  has(key: string): boolean {
    return this[DATA_FIELDS].has(key) || this[METAINFO_FIELDS].has(key);
  }

  /** Applies `fn` to every tensor data field (and nested data elements); other values are kept. */
  protected mapTensors(fn: (t: tf.Tensor) => unknown): this {
    const out = this.new();
    for (const [k, v] of this.items()) {
      if (v instanceof tf.Tensor) out.setData({ [k]: fn(v) });
      else if (v instanceof BaseDataElement) out.setData({ [k]: v.mapTensors(fn) });
    }
    return out;
  }

  /** A copy with every numeric array / typed array data field turned into a tensor (MMEngine `to_tensor`). */
  toTensor(): this {
    const out = this.new();
    for (const [k, v] of this.items()) {
      if (v instanceof BaseDataElement) out.setData({ [k]: v.toTensor() });
      else if (ArrayBuffer.isView(v) || (Array.isArray(v) && isNumeric(v))) {
        out.setData({ [k]: tf.tensor(v as number[]) });
      }
    }
    return out;
  }

  /** A copy with every tensor data field read into nested JS arrays (MMEngine `numpy`). */
  toArray(): this {
    return this.mapTensors((t) => t.arraySync());
  }

  /** A copy whose tensors are detached from autograd (a clone: TensorFlow.js has no in-graph tensors to detach). */
  detach(): this {
    return this.mapTensors((t) => t.clone());
  }

  /** Metainfo and data as one plain object; nested data elements become objects too. */
  toDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.allItems()) out[k] = v instanceof BaseDataElement ? v.toDict() : v;
    return out;
  }

  /** Disposes every tensor held in data and metainfo fields (nested elements included). */
  dispose(): void {
    for (const [, v] of this.allItems()) {
      if (v instanceof tf.Tensor) v.dispose();
      else if (v instanceof BaseDataElement) v.dispose();
    }
  }

  toString(): string {
    const fmt = (v: unknown): string => {
      if (v instanceof tf.Tensor) return `Tensor(shape=[${v.shape.join(', ')}], dtype=${v.dtype})`;
      if (v instanceof BaseDataElement) return v.toString().replace(/\n/g, '\n    ');
      try {
        return JSON.stringify(v);
      } catch {
        return String(v);
      }
    };
    const meta = this.metainfoKeys().map((k) => `        ${k}: ${fmt(this[k])}`);
    const data = this.keys().map((k) => `    ${k}: ${fmt(this[k])}`);
    return `<${this.constructor.name}(\n\n    META INFORMATION\n${meta.join('\n')}\n\n    DATA FIELDS\n${data.join('\n')}\n) at ${this.constructor.name}>`;
  }
}

function isNumeric(v: unknown[]): boolean {
  return v.every((x) => typeof x === 'number' || typeof x === 'boolean' || (Array.isArray(x) && isNumeric(x)));
}

// `instanceof BaseDataElement` also holds for elements made by another copy of this package (ESM and CJS builds).
brandClass(BaseDataElement, '@eng/structures/BaseDataElement');
