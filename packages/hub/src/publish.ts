// MMEngine's `publish_model.py` for eng checkpoints: keep only the weights of a training checkpoint, name the file with
// the start of its sha256 (`small_resnet-3f1c2a9b.safetensors`, as torch hub names weights), and give the model index
// fields to paste.
import { rename } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { loadCheckpointStateDict } from '@eng/model';
import { writeSafetensors } from '@eng/tensor-gpu';
import { sha256OfFile } from './cache';
import { ensureBackend } from './ensure-backend';

export interface PublishedWeights {
  /** the weights file written */
  file: string;
  sha256: string;
  /** how many tensors it holds */
  tensors: number;
}

/**
 * Writes the model weights of `checkpoint` (an eng checkpoint's `state_dict`, or a bare state dict; optimizer and
 * loop state are left out) to `out` with the first 8 hex digits of their sha256 before the extension.
 */
export async function publishCheckpoint(checkpoint: string, out: string): Promise<PublishedWeights> {
  await ensureBackend();
  const state = await loadCheckpointStateDict(checkpoint);
  const ext = extname(out) || '.safetensors';
  const stem = join(dirname(out), basename(out, extname(out)));
  const draft = `${stem}${ext}`;
  try {
    await writeSafetensors(draft, state, { metadata: { format: 'eng', source: basename(checkpoint) } });
  } finally {
    for (const t of Object.values(state)) t.dispose();
  }
  const sha256 = await sha256OfFile(draft);
  const file = `${stem}-${sha256.slice(0, 8)}${ext}`;
  await rename(draft, file);
  return { file, sha256, tensors: Object.keys(state).length };
}
