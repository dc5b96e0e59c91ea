// A checkpoint is a tree of plain objects, arrays and numbers with tensors anywhere in it (the model's state dict,
// the optimizer's moments, an EMA copy). Safetensors holds flat named tensors plus string metadata, so the tree is
// split: every tensor leaf becomes a tensor named by its dotted path, and the rest becomes a JSON skeleton in which
// each tensor is `{ "__tensor__": name }`. Keys may themselves contain dots (`conv1.weight`), so names are only
// labels: the skeleton, not the names, rebuilds the tree.
import { describe } from '@eng/internal';
import { tf } from '@eng/tensor-gpu';
import { RunnerError } from '../errors';

const TENSOR_REF = '__tensor__';
const NUMBER_REF = '__number__';

export interface FlatCheckpoint {
  tensors: Map<string, tf.Tensor>;
  /** JSON of the tree with tensors replaced by references and non-finite numbers spelled out. */
  skeleton: string;
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Splits a checkpoint tree into named tensors and a JSON skeleton; throws naming the key path of a value JSON cannot hold. */
export function flattenCheckpoint(tree: Record<string, unknown>): FlatCheckpoint {
  const tensors = new Map<string, tf.Tensor>();
  const seen = new Set<object>();
  const walk = (value: unknown, path: string): unknown => {
    if (value instanceof tf.Tensor) {
      if (value.isDisposed) throw new RunnerError('BAD_CHECKPOINT', `checkpoint value "${path}" is a disposed tensor`);
      let name = path;
      for (let i = 1; tensors.has(name); i++) name = `${path}#${i}`;
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
          if (w !== undefined) out[k] = w;
        }
        seen.delete(value);
        return out;
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

/** Rebuilds the tree `flattenCheckpoint` split; a reference to a tensor the file lacks is an error naming it. */
export function unflattenCheckpoint(
  skeleton: string,
  tensors: Record<string, tf.Tensor>,
  source: string,
): Record<string, unknown> {
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
      if (entries.length === 1 && entries[0]?.[0] === TENSOR_REF) {
        const name = String(entries[0][1]);
        const t = tensors[name];
        if (t === undefined)
          throw new RunnerError(
            'BAD_CHECKPOINT',
            `${source}: the metadata names tensor "${name}", which the file does not hold`,
          );
        return t;
      }
      if (entries.length === 1 && entries[0]?.[0] === NUMBER_REF) return Number(entries[0][1]);
      return Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  const tree = walk(parsed);
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new RunnerError('BAD_CHECKPOINT', `${source}: the checkpoint's metadata is not an object`);
  }
  return tree as Record<string, unknown>;
}
