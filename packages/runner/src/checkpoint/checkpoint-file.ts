// The one checkpoint format: a safetensors file (Python's `safetensors` reads it) whose tensors are the checkpoint's
// tensor leaves named by their paths (`state_dict.conv1.weight`, `optimizer.state.0.exp_avg`), and whose
// `__metadata__` holds the rest of the tree as JSON (`checkpoint`), the `meta` alone for quick reading, and the
// format's name and version.
import { get, getFileBackend, LocalBackend, put } from '@eng/fileio';
import { describeError } from '@eng/internal';
import { loadCheckpointStateDict } from '@eng/model';
import {
  collectTensors,
  parseSafetensors,
  SafetensorsError,
  SafetensorsFile,
  serializeSafetensors,
  tf,
  writeSafetensors,
} from '@eng/tensor-gpu';
import { RunnerError } from '../errors';
import { flattenCheckpoint, unflattenCheckpoint } from './flatten';

/** `__metadata__.format` of an eng checkpoint. */
export const CHECKPOINT_FORMAT = 'eng.checkpoint';
/** `__metadata__.format_version` this package writes and reads. */
export const CHECKPOINT_FORMAT_VERSION = '1';

/** Whether fileio serves `uri` from the local disk (where writes stream to a temporary file renamed at the end). */
function isLocal(uri: string): boolean {
  return getFileBackend(uri, { enableSingleton: true }) instanceof LocalBackend;
}

/** The `__metadata__` string map of a checkpoint: the format, the skeleton, and `meta` on its own. */
function checkpointMetadata(skeleton: string): Record<string, string> {
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    format_version: CHECKPOINT_FORMAT_VERSION,
    checkpoint: skeleton,
  };
  // `meta` as the skeleton spells it (NaN as { "__number__": "NaN" }, never lost to JSON.stringify's null)
  const meta = (JSON.parse(skeleton) as { meta?: unknown }).meta;
  if (meta !== undefined) metadata.meta = JSON.stringify(meta);
  return metadata;
}

/**
 * Writes a checkpoint tree as one safetensors file, atomically: on a local disk a temporary file beside the target is
 * renamed over it once complete (a crash, or a tensor that fails to read, leaves the previous file intact and no
 * temporary file behind); other fileio backends get the whole file in one `put`. The tensors stay the caller's.
 *
 * @example
 * ```ts
 * await saveCheckpointFile('memory://ckpt/doc.safetensors', { meta: { epoch: 1 }, state_dict: { w: tf.ones([2]) } });
 * ```
 */
export async function saveCheckpointFile(uri: string, checkpoint: Record<string, unknown>): Promise<void> {
  const { tensors, skeleton } = flattenCheckpoint(checkpoint);
  const metadata = checkpointMetadata(skeleton);
  try {
    if (isLocal(uri)) await writeSafetensors(uri, tensors, { metadata });
    else await put(await serializeSafetensors(tensors, { metadata }), uri);
  } catch (cause) {
    throw new RunnerError('BAD_CHECKPOINT', `could not write the checkpoint ${uri}: ${describeError(cause)}`, {
      cause,
    });
  }
}

/** An opened safetensors checkpoint: its metadata now, its tensors on request. */
interface OpenedFile {
  metadata: Record<string, string>;
  readTensors(): Promise<Record<string, tf.Tensor>>;
  close(): Promise<void>;
}

function notFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'NOT_FOUND' || code === 'ENOENT';
}

function unreadable(uri: string, cause: unknown): RunnerError {
  if (RunnerError.isInstance(cause)) return cause;
  if (notFound(cause)) {
    return new RunnerError('NO_CHECKPOINT', `the checkpoint ${uri} does not exist`, { cause });
  }
  return new RunnerError('BAD_CHECKPOINT', `cannot read the checkpoint ${uri}: ${describeError(cause)}`, { cause });
}

function corrupt(uri: string, cause: unknown): RunnerError {
  return new RunnerError(
    'BAD_CHECKPOINT',
    `${uri} is not a complete checkpoint (truncated or corrupt?): ${describeError(cause)}`,
    { cause },
  );
}

/** A safetensors file starts with its header's length (8 bytes) and then the header's JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  return bytes.length >= 9 && bytes[8] === 0x7b; // '{'
}

/** Opens `uri` as safetensors; `undefined` when it is not one at all (JSON weights, say). */
async function openSafetensors(uri: string): Promise<OpenedFile | undefined> {
  if (isLocal(uri)) {
    let file: SafetensorsFile;
    try {
      file = await SafetensorsFile.open(uri);
    } catch (cause) {
      if (!SafetensorsError.isInstance(cause)) throw unreadable(uri, cause);
      // not a safetensors header: maybe another format; otherwise a safetensors file cut short
      if (!looksLikeSafetensors(await get(uri).catch(() => new Uint8Array()))) return undefined;
      throw corrupt(uri, cause);
    }
    return {
      metadata: file.metadata,
      readTensors: async () => {
        const tensors: Record<string, tf.Tensor> = {};
        try {
          for (const name of file.keys()) tensors[name] = await file.read(name);
        } catch (cause) {
          tf.dispose(Object.values(tensors));
          throw corrupt(uri, cause);
        }
        return tensors;
      },
      close: () => file.close(),
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await get(uri);
  } catch (cause) {
    throw unreadable(uri, cause);
  }
  if (!looksLikeSafetensors(bytes)) return undefined;
  let metadata: Record<string, string>;
  try {
    metadata = parseSafetensors(bytes, { names: () => false, source: uri }).metadata;
  } catch (cause) {
    throw corrupt(uri, cause);
  }
  return {
    metadata,
    readTensors: async () => parseSafetensors(bytes, { source: uri }).tensors,
    close: async () => {},
  };
}

/** Weights in a format other than ours: `@eng/model`'s reader (the one `Pretrained` init uses) knows them. */
async function readWeightsFile(uri: string, metadata: Record<string, string> | undefined) {
  let stateDict: Record<string, tf.Tensor>;
  try {
    stateDict = await loadCheckpointStateDict(uri);
  } catch (cause) {
    throw unreadable(uri, cause);
  }
  const checkpoint: Record<string, unknown> = { state_dict: stateDict };
  if (metadata?.meta !== undefined) {
    try {
      checkpoint.meta = JSON.parse(metadata.meta);
    } catch {
      checkpoint.meta = metadata.meta;
    }
  }
  return checkpoint;
}

/**
 * Reads a checkpoint: this format (the whole tree back, tensors as `tf.Tensor`s the caller disposes, e.g. with
 * `disposeAll`), a bare safetensors file of weights (`{ state_dict }`, a common `state_dict.` prefix removed), or the
 * JSON weights `@eng/model`'s `Pretrained` init reads (`{ state_dict }`). A missing file is a `RunnerError`
 * `NO_CHECKPOINT`; a truncated or corrupt one `BAD_CHECKPOINT`, naming the file.
 *
 * @example
 * ```ts
 * const back = await loadCheckpointFile('memory://ckpt/doc.safetensors');
 * (back.meta as { epoch: number }).epoch; // → 1
 * disposeAll(back);
 * ```
 */
export async function loadCheckpointFile(uri: string): Promise<Record<string, unknown>> {
  const file = await openSafetensors(uri);
  if (file === undefined) return readWeightsFile(uri, undefined);
  const { metadata } = file;
  if (metadata.format !== CHECKPOINT_FORMAT || metadata.checkpoint === undefined) {
    await file.close();
    return readWeightsFile(uri, metadata);
  }
  let tensors: Record<string, tf.Tensor>;
  try {
    if (metadata.format_version !== CHECKPOINT_FORMAT_VERSION) {
      throw new RunnerError(
        'BAD_CHECKPOINT',
        `${uri} is an eng checkpoint of format version ${metadata.format_version}; this @eng/runner reads version ${CHECKPOINT_FORMAT_VERSION}`,
      );
    }
    tensors = await file.readTensors();
  } finally {
    await file.close();
  }
  let tree: Record<string, unknown>;
  try {
    tree = unflattenCheckpoint(metadata.checkpoint, tensors, uri);
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  // tensors the skeleton does not mention would leak otherwise
  const used = new Set(collectTensors(tree));
  for (const t of Object.values(tensors)) if (!used.has(t)) t.dispose();
  return tree;
}

/**
 * The `meta` of an eng checkpoint (epoch, iter, seed, ...) from its header alone, without reading a tensor on a local
 * disk; `undefined` for a file without one (bare weights).
 *
 * @example
 * ```ts
 * (await readCheckpointMeta('memory://ckpt/doc.safetensors'))?.epoch; // → 1
 * ```
 */
export async function readCheckpointMeta(uri: string): Promise<Record<string, unknown> | undefined> {
  const file = await openSafetensors(uri);
  if (file === undefined) return undefined;
  await file.close();
  const text = file.metadata.meta;
  if (text === undefined) return undefined;
  let meta: unknown;
  try {
    meta = unflattenCheckpoint(`{"meta":${text}}`, {}, uri).meta;
  } catch (cause) {
    throw corrupt(uri, cause);
  }
  return meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
}
