// Reads a state dict from a checkpoint for `Pretrained` init: safetensors (weights at the top level or under
// `state_dict.`), or JSON
// (`{ state_dict: { key: { shape, dtype, data } | nested arrays } }` or the same map at the top level).
import { get } from '@eng/fileio';
import { parseSafetensors, tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';

/** `[pattern, replacement]` regex pairs applied to every key, in order. */
export type ReviseKeys = Array<[pattern: string | RegExp, replacement: string]>;

type JsonTensor = { shape?: number[]; dtype?: string; data: unknown } | unknown[] | number;

function isJsonTensorObject(v: unknown): v is { shape?: number[]; dtype?: string; data: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'data' in v;
}

function toTensor(key: string, v: JsonTensor, uri: string): tf.Tensor {
  try {
    if (isJsonTensorObject(v)) {
      const dtype = (v.dtype ?? 'float32') as tf.DataType;
      const data = v.data as number[];
      return v.shape ? tf.tensor(data, v.shape, dtype) : tf.tensor(data, undefined, dtype);
    }
    return tf.tensor(v as number[]);
  } catch (cause) {
    throw new ModelError('BAD_CHECKPOINT', `${uri}: cannot read "${key}" as a tensor: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function fromSafetensors(bytes: Uint8Array, uri: string): Record<string, tf.Tensor> {
  const { tensors } = parseSafetensors(bytes, { source: uri });
  // A checkpoint that stores more than weights keeps them under "state_dict." (as a flattened dict would).
  const keys = Object.keys(tensors);
  if (!keys.some((k) => k.startsWith('state_dict.'))) return tensors;
  const out: Record<string, tf.Tensor> = {};
  for (const k of keys) {
    const t = tensors[k] as tf.Tensor;
    if (k.startsWith('state_dict.')) out[k.slice('state_dict.'.length)] = t;
    else t.dispose();
  }
  return out;
}

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  return headerLen > 0 && headerLen <= bytes.length - 8 && bytes[8] === 0x7b; // '{'
}

/** The model weights of a checkpoint (its `state_dict`, or the whole file when it is a bare state dict). */
export async function loadCheckpointStateDict(
  uri: string,
  reviseKeys: ReviseKeys = [],
): Promise<Record<string, tf.Tensor>> {
  const bytes = await get(uri);
  let state: Record<string, tf.Tensor>;
  if (looksLikeSafetensors(bytes)) {
    state = fromSafetensors(bytes, uri);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch (cause) {
      throw new ModelError('BAD_CHECKPOINT', `${uri} is neither a safetensors nor a JSON checkpoint`, { cause });
    }
    const root = parsed as Record<string, unknown>;
    const dict = (typeof root.state_dict === 'object' && root.state_dict !== null ? root.state_dict : root) as Record<
      string,
      JsonTensor
    >;
    state = {};
    for (const [k, v] of Object.entries(dict)) state[k] = toTensor(k, v, uri);
  }
  if (!reviseKeys.length) return state;
  const revised: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(state)) {
    let key = k;
    for (const [pattern, replacement] of reviseKeys) key = key.replace(new RegExp(pattern), replacement);
    revised[key] = v;
  }
  return revised;
}

/** The keys under `prefix` with the prefix removed; the other tensors are disposed. */
export function stateDictWithPrefix(
  state: Record<string, tf.Tensor>,
  prefix: string,
  uri: string,
): Record<string, tf.Tensor> {
  const p = prefix.endsWith('.') ? prefix : `${prefix}.`;
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(state)) if (k.startsWith(p)) out[k.slice(p.length)] = v;
  if (Object.keys(out).length === 0) {
    throw new ModelError('PREFIX_NOT_FOUND', `${uri} has no keys starting with "${p}"`);
  }
  return out;
}
