import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FileIOError, getFileBackend, getText, LocalBackend, putText } from '@eng/fileio';

/**
 * Appends `text` to the file at `uri`, creating it (and its directory) when missing. On the local disk this is one
 * `appendFile`, so a line per step never rewrites the file; on other backends, which have no append, the file is
 * read and written back whole.
 */
export async function appendText(uri: string, text: string): Promise<void> {
  if (getFileBackend(uri, { enableSingleton: true }) instanceof LocalBackend) {
    try {
      await appendFile(uri, text, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(uri), { recursive: true });
      await appendFile(uri, text, 'utf8');
    }
    return;
  }
  let before = '';
  try {
    before = await getText(uri);
  } catch (error) {
    if (!(FileIOError.isInstance(error) && error.code === 'NOT_FOUND')) throw error;
  }
  await putText(before + text, uri);
}
