// `last_checkpoint`: a text file in the work dir naming the newest checkpoint (MMEngine writes it there, as an
// absolute path). It is replaced, atomically, only after the checkpoint it names is complete.
import { exists, getText, joinPath, listDirOrFile, putText } from '@eng/fileio';
import { printLog } from '@eng/logging';
import { resolve } from 'node:path';

export const LAST_CHECKPOINT_FILE = 'last_checkpoint';

const hasScheme = (uri: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);

/** Records `checkpoint` (made absolute when local) as the newest checkpoint of `workDir`. */
export async function writeLastCheckpoint(workDir: string, checkpoint: string): Promise<void> {
  const path = hasScheme(checkpoint) ? checkpoint : resolve(checkpoint);
  await putText(path, joinPath(workDir, LAST_CHECKPOINT_FILE));
}

/**
 * The newest checkpoint of `workDir` (MMEngine's `find_latest_checkpoint`): the file `last_checkpoint` names; when
 * that file is gone, the highest `epoch_N` / `iter_N` checkpoint in the dir (with a warning); `undefined` when
 * there is none.
 */
export async function findLatestCheckpoint(workDir: string): Promise<string | undefined> {
  const record = joinPath(workDir, LAST_CHECKPOINT_FILE);
  if (await exists(record)) {
    const named = (await getText(record)).trim();
    if (named !== '' && (await exists(named))) return named;
    printLog(
      `${record} names ${named || 'nothing'}, which does not exist; looking for the newest checkpoint in ${workDir}`,
      {
        logger: 'current',
        level: 'WARNING',
      },
    );
  }
  if (!(await exists(workDir))) return undefined;
  let best: { path: string; rank: number } | undefined;
  for (const name of await listDirOrFile(workDir, { listDir: false, suffix: '.safetensors' }).toArray()) {
    const match = /^(epoch|iter)_(\d+)\.safetensors$/.exec(name);
    if (!match) continue;
    const rank = Number(match[2]);
    if (best === undefined || rank > best.rank) best = { path: joinPath(workDir, name), rank };
  }
  return best?.path;
}
