// The one checkpoint format: a safetensors file (Python's `safetensors` reads it) whose tensors are the checkpoint's
// tensor leaves named by their paths (`state_dict.conv1.weight`, `optimizer.state.0.exp_avg`), and whose
// `__metadata__` holds the rest of the tree as JSON (`checkpoint`), the `meta` alone for quick reading, and the
// format's name and version.
import { get, put } from '@eng/fileio';
import { describeError } from '@eng/internal';
import { loadCheckpointStateDict } from '@eng/model';
import { parseSafetensors, serializeSafetensors, tf, writeSafetensors } from '@eng/tensor-gpu';
import { RunnerError } from '../errors';
import { flattenCheckpoint, unflattenCheckpoint } from './flatten';

export const CHECKPOINT_FORMAT = 'eng.checkpoint';
export const CHECKPOINT_FORMAT_VERSION = '1';

const hasScheme = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !uri.startsWith('file://');

/**
 * Writes a checkpoint atomically: on a local disk a temporary file beside the target is renamed over it once
 * complete (a crash leaves the previous file intact), on other backends the whole file is put at once.
 */
export async function saveCheckpointFile(uri: string, checkpoint: Record<string, unknown>): Promise<void> {
  const { tensors, skeleton } = flattenCheckpoint(checkpoint);
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    format_version: CHECKPOINT_FORMAT_VERSION,
    checkpoint: skeleton,
  };
  if (checkpoint.meta !== undefined) metadata.meta = JSON.stringify(checkpoint.meta);
  try {
    if (hasScheme(uri)) await put(await serializeSafetensors(tensors, { metadata }), uri);
    else await writeSafetensors(uri.startsWith('file://') ? new URL(uri).pathname : uri, tensors, { metadata });
  } catch (cause) {
    throw new RunnerError('BAD_CHECKPOINT', `could not write the checkpoint ${uri}: ${describeError(cause)}`, {
      cause,
    });
  }
}

/**
 * Reads a checkpoint: this format (the whole tree back, tensors as `tf.Tensor`s the caller disposes), a bare
 * safetensors file of weights, or the JSON weights `@eng/model`'s `Pretrained` init reads (both as `{ state_dict }`).
 */
export async function loadCheckpointFile(uri: string): Promise<Record<string, unknown>> {
  let bytes: Uint8Array;
  try {
    bytes = await get(uri);
  } catch (cause) {
    throw new RunnerError('BAD_CHECKPOINT', `cannot read the checkpoint ${uri}: ${describeError(cause)}`, { cause });
  }
  if (!looksLikeSafetensors(bytes)) return { state_dict: await loadCheckpointStateDict(uri) };
  let loaded: { tensors: Record<string, tf.Tensor>; metadata: Record<string, string> };
  try {
    loaded = parseSafetensors(bytes, { source: uri });
  } catch (cause) {
    throw new RunnerError(
      'BAD_CHECKPOINT',
      `${uri} is not a complete checkpoint (truncated or corrupt?): ${describeError(cause)}`,
      { cause },
    );
  }
  const { tensors, metadata } = loaded;
  if (metadata.format !== CHECKPOINT_FORMAT || metadata.checkpoint === undefined) {
    return { state_dict: weightsOnly(tensors), ...(metadata.meta ? { meta: safeJson(metadata.meta) } : {}) };
  }
  if (metadata.format_version !== CHECKPOINT_FORMAT_VERSION) {
    tf.dispose(Object.values(tensors));
    throw new RunnerError(
      'BAD_CHECKPOINT',
      `${uri} is an eng checkpoint of format version ${metadata.format_version}; this @eng/runner reads version ${CHECKPOINT_FORMAT_VERSION}`,
    );
  }
  try {
    return unflattenCheckpoint(metadata.checkpoint, tensors, uri);
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
}

/** A weights file: tensors at the top level, or under a common `state_dict.` prefix (the others are dropped). */
function weightsOnly(tensors: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
  const names = Object.keys(tensors);
  if (!names.some((n) => n.startsWith('state_dict.'))) return tensors;
  const out: Record<string, tf.Tensor> = {};
  for (const n of names) {
    const t = tensors[n] as tf.Tensor;
    if (n.startsWith('state_dict.')) out[n.slice('state_dict.'.length)] = t;
    else t.dispose();
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 9) return false;
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return n > 0 && bytes[8] === 0x7b; // '{'
}
