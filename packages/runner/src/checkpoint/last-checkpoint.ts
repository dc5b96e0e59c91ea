// `last_checkpoint`: a text file in the work dir naming the newest checkpoint (MMEngine writes it there, as an
// absolute path). It is replaced, atomically, only after the checkpoint it names is complete.
import { exists, getText, joinPath, listDirOrFile, putText } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { resolve } from 'node:path';
import { readCheckpointMeta } from './checkpoint-file';

export const LAST_CHECKPOINT_FILE = 'last_checkpoint';

const hasScheme = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);

/**
 * Records `checkpoint` (made absolute when local, as MMEngine writes it) as the newest checkpoint of `workDir`, in the
 * text file `last_checkpoint`, atomically. Call it only once that checkpoint is complete.
 */
export async function writeLastCheckpoint(workDir: string, checkpoint: string): Promise<void> {
  const path = hasScheme(checkpoint) ? checkpoint : resolve(checkpoint);
  await putText(path, joinPath(workDir, LAST_CHECKPOINT_FILE));
}

/**
 * The newest checkpoint of `workDir` (MMEngine's `find_latest_checkpoint`): the file `last_checkpoint` names. When
 * that record is missing, or names a file that is gone (with a warning), the newest `epoch_N` / `iter_N` checkpoint
 * in the dir is taken (the highest N; between an `epoch_` and an `iter_` file, the one whose `meta.iter` is higher);
 * `undefined` when there is none. Any fileio backend (`memory://` too).
 *
 * @example
 * ```ts
 * await writeLastCheckpoint('memory://work', 'memory://work/epoch_3.safetensors');
 * await findLatestCheckpoint('memory://work'); // → 'memory://work/epoch_3.safetensors'
 * ```
 */
export async function findLatestCheckpoint(workDir: string): Promise<string | undefined> {
  const record = joinPath(workDir, LAST_CHECKPOINT_FILE);
  if (await exists(record)) {
    const named = (await getText(record)).trim();
    if (named !== '' && (await exists(named))) return named;
    printLog(
      `${record} names ${named || 'nothing'}, which does not exist; looking for the newest checkpoint in ${workDir}`,
      { logger: 'current', level: 'WARNING' },
    );
  }
  if (!(await exists(workDir))) return undefined;
  const newest: Partial<Record<'epoch' | 'iter', { path: string; n: number }>> = {};
  for (const name of await listDirOrFile(workDir, { listDir: false, suffix: '.safetensors' }).toArray()) {
    const match = /^(epoch|iter)_(\d+)\.safetensors$/.exec(name);
    if (!match) continue;
    const kind = match[1] as 'epoch' | 'iter';
    const n = Number(match[2]);
    if ((newest[kind]?.n ?? -1) < n) newest[kind] = { path: joinPath(workDir, name), n };
  }
  const { epoch, iter } = newest;
  if (epoch === undefined || iter === undefined) return (epoch ?? iter)?.path;
  // both kinds in one dir: compare where training was, which meta records for both
  const iterOf = async (path: string): Promise<number> => {
    const meta = await readCheckpointMeta(path).catch(() => undefined);
    return typeof meta?.iter === 'number' ? meta.iter : -1;
  };
  return (await iterOf(epoch.path)) > (await iterOf(iter.path)) ? epoch.path : iter.path;
}
