// MMEngine's `publish_model.py` for eng checkpoints: keep only the weights of a training checkpoint, name the file with
// the start of its sha256 (`small_resnet-3f1c2a9b.safetensors`, as torch hub names weights), and give the model index
// fields to paste.
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@eng/fileio';
import { loadCheckpointStateDict } from '@eng/model';
import { serializeSafetensors } from '@eng/tensor-gpu';
import { ensureBackend } from './ensure-backend';
import { HubError } from './errors';

export interface PublishedWeights {
  /** the weights file written */
  file: string;
  sha256: string;
  /** how many tensors it holds */
  tensors: number;
}

/**
 * Writes the model weights of `checkpoint` (an eng checkpoint's `state_dict`, or a bare state dict; optimizer and
 * loop state are left out) to `out` with the first 8 hex digits of their sha256 before the extension, atomically (a
 * file already there with that name has the same content).
 */
export async function publishCheckpoint(checkpoint: string, out: string): Promise<PublishedWeights> {
  await ensureBackend();
  const state = await loadCheckpointStateDict(checkpoint);
  let bytes: Uint8Array;
  try {
    bytes = await serializeSafetensors(state, { metadata: { format: 'eng', source: basename(checkpoint) } });
  } finally {
    for (const t of Object.values(state)) t.dispose();
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const ext = extname(out) || '.safetensors';
  const file = `${join(dirname(out), basename(out, extname(out)))}-${sha256.slice(0, 8)}${ext}`;
  if (resolve(file) === resolve(checkpoint)) {
    throw new HubError('BAD_PATH', `publishing ${checkpoint} would overwrite it: choose another OUT`);
  }
  await writeFileAtomic(file, bytes);
  return { file, sha256, tensors: Object.keys(state).length };
}
