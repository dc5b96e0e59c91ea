// A checkpoint is a tree of plain objects, arrays and numbers with tensors anywhere in it (the model's state dict,
// the optimizer's moments, an EMA copy). Safetensors holds flat named tensors plus string metadata, so the tree is
// split: every tensor leaf becomes a tensor named by its dotted path, and the rest becomes a JSON skeleton in which
// each tensor is `{ "__tensor__": name }`. Keys may themselves contain dots (`conv1.weight`), so names are only
// labels: the skeleton, not the names, rebuilds the tree.
import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { RunnerError } from '../errors';

// A JSON object with exactly one of these keys is a tagged value, not data: a tensor reference, a number JSON cannot
// spell (NaN, ±Infinity, -0), or (OBJECT_REF) a plain object whose only key happens to be one of these names.
const TENSOR_REF = '__tensor__';
const NUMBER_REF = '__number__';
const OBJECT_REF = '__object__';
const TAGS: ReadonlySet<string> = new Set([TENSOR_REF, NUMBER_REF, OBJECT_REF]);
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};
/** What safetensors stores of TensorFlow.js's dtypes. */
const SAVED_DTYPES: ReadonlySet<string> = new Set(['float32', 'int32', 'bool']);

export interface FlatCheckpoint {
  /** The tensor leaves by name (their dotted key path), in key order. */
  tensors: Map<string, tf.Tensor>;
  /** JSON of the tree with tensors replaced by references and non-finite numbers spelled out. */
  skeleton: string;
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Sets `key` as an own data property, `__proto__` included (an assignment would set the prototype instead). */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Splits a checkpoint tree into named tensors and a JSON skeleton. A tensor is named by its dotted key path
 * (`state_dict.conv1.weight`, `optimizer.state.0.exp_avg`); two paths that join to the same name
 * (`{ a: { 'b.c': x }, 'a.b': { c: y } }`) get `a.b.c` and `a.b.c#1`, the skeleton telling which is which. A value
 * JSON cannot hold (a function, a bigint, a symbol, a class instance without `toJSON`, a cycle, a disposed or string
 * tensor) is a `RunnerError` (`BAD_CHECKPOINT`) naming its key path. As in JSON, an `undefined` property is left out
 * (`null` in an array).
 *
 * @example
 * const { tensors, skeleton } = flattenCheckpoint({ meta: { epoch: 1 }, state_dict: { 'fc.weight': w } });
 * [...tensors.keys()]; // ['state_dict.fc.weight']
 * skeleton; // '{"meta":{"epoch":1},"state_dict":{"fc.weight":{"__tensor__":"state_dict.fc.weight"}}}'
 */
export function flattenCheckpoint(tree: Record<string, unknown>): FlatCheckpoint {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new RunnerError('BAD_CHECKPOINT', `a checkpoint must be a plain object, got ${describe(tree)}`);
  }
  const tensors = new Map<string, tf.Tensor>();
  const seen = new Set<object>();
  const walk = (value: unknown, path: string): unknown => {
    if (value instanceof tf.Tensor) {
      if (value.isDisposed) throw new RunnerError('BAD_CHECKPOINT', `checkpoint value "${path}" is a disposed tensor`);
      if (!SAVED_DTYPES.has(value.dtype)) {
        throw new RunnerError(
          'BAD_CHECKPOINT',
          `checkpoint value "${path}" is a ${value.dtype} tensor; a checkpoint holds float32, int32 and bool tensors`,
        );
      }
      let name = path;
      // '__metadata__' is the header's own entry in a safetensors file
      for (let i = 1; tensors.has(name) || name === '__metadata__'; i++) name = `${path}#${i}`;
      tensors.set(name, value);
      return { [TENSOR_REF]: name };
    }
    if (typeof value === 'number') {
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { [NUMBER_REF]: Object.is(value, -0) ? '-0' : String(value) };
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (value === undefined) return undefined;
    if (typeof value === 'object') {
      if (typeof (value as { then?: unknown }).then === 'function') {
        throw new RunnerError('BAD_CHECKPOINT', `checkpoint value "${path}" is a promise: await it before saving`);
      }
      if (seen.has(value)) throw new RunnerError('BAD_CHECKPOINT', `checkpoint value "${path}" refers to itself`);
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        return Array.from(value as unknown as ArrayLike<number>, (x, i) => walk(x, `${path}.${i}`));
      }
      if (Array.isArray(value)) {
        seen.add(value);
        const out = value.map((v, i) => walk(v, path ? `${path}.${i}` : String(i)) ?? null);
        seen.delete(value);
        return out;
      }
      // as JSON.stringify does: a class instance that says how it serialises (HistoryBuffer, Date) is saved that way
      if (!isPlainObject(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return walk((value as { toJSON(): unknown }).toJSON(), path);
      }
      if (isPlainObject(value)) {
        seen.add(value);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          const w = walk(v, path ? `${path}.${k}` : k);
          if (w !== undefined) setKey(out, k, w);
        }
        seen.delete(value);
        const keys = Object.keys(out);
        return keys.length === 1 && TAGS.has(keys[0] as string) ? { [OBJECT_REF]: out } : out;
      }
    }
    throw new RunnerError(
      'BAD_CHECKPOINT',
      `checkpoint value "${path}" cannot be saved: ${describe(value)} (a checkpoint holds tensors, numbers, strings, booleans, null, arrays and plain objects; give the part a stateDict() that returns those)`,
    );
  };
  const skeleton = JSON.stringify(walk(tree, ''));
  return { tensors, skeleton };
}

/**
 * Rebuilds the tree `flattenCheckpoint` split (the tensors are put in place, not copied); a reference to a tensor the
 * file lacks, or a tag it does not know, is a `RunnerError` (`BAD_CHECKPOINT`) naming `source`.
 *
 * @example
 * const { tensors, skeleton } = flattenCheckpoint(tree);
 * unflattenCheckpoint(skeleton, tensors); // the same tree, the same tensor objects
 */
export function unflattenCheckpoint(
  skeleton: string,
  tensors: Readonly<Record<string, tf.Tensor>> | ReadonlyMap<string, tf.Tensor>,
  source = '<checkpoint>',
): Record<string, unknown> {
  const lookup = (name: string): tf.Tensor | undefined =>
    tensors instanceof Map
      ? tensors.get(name)
      : Object.hasOwn(tensors, name)
        ? (tensors as Readonly<Record<string, tf.Tensor>>)[name]
        : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton);
  } catch (cause) {
    throw new RunnerError('BAD_CHECKPOINT', `${source}: the checkpoint's metadata is not valid JSON`, { cause });
  }
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      const [tag, inner] = entries.length === 1 ? (entries[0] as [string, unknown]) : [undefined, undefined];
      if (tag === TENSOR_REF) {
        const t = typeof inner === 'string' ? lookup(inner) : undefined;
        if (t === undefined)
          throw new RunnerError(
            'BAD_CHECKPOINT',
            `${source}: the metadata names tensor ${JSON.stringify(inner)}, which the file does not hold`,
          );
        return t;
      }
      if (tag === NUMBER_REF) {
        if (typeof inner !== 'string' || !Object.hasOwn(SPECIAL_NUMBERS, inner)) {
          throw new RunnerError(
            'BAD_CHECKPOINT',
            `${source}: the metadata holds an unknown number ${JSON.stringify(inner)}`,
          );
        }
        return SPECIAL_NUMBERS[inner];
      }
      const object = tag === OBJECT_REF && inner !== null && typeof inner === 'object' ? inner : value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(object)) setKey(out, k, walk(v));
      return out;
    }
    return value;
  };
  const tree = walk(parsed);
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new RunnerError('BAD_CHECKPOINT', `${source}: the checkpoint's metadata is not an object`);
  }
  return tree as Record<string, unknown>;
}
