import { FileIOError } from '../errors';

/** Turns Node's `ENOENT`-style errors into FileIOErrors with a stable code and the path involved. */
export function fsError(err: unknown, uri: string, action: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new FileIOError('NOT_FOUND', `Cannot ${action} '${uri}': no such file or directory`, { uri, cause: err });
    case 'EISDIR':
      return new FileIOError('IS_A_DIRECTORY', `Cannot ${action} '${uri}': it is a directory`, { uri, cause: err });
    case 'ENOTDIR':
      return new FileIOError('NOT_A_DIRECTORY', `Cannot ${action} '${uri}': a parent is not a directory`, {
        uri,
        cause: err,
      });
    case 'EEXIST':
      return new FileIOError('ALREADY_EXISTS', `Cannot ${action} '${uri}': it already exists`, { uri, cause: err });
    case 'EROFS':
      return new FileIOError('READ_ONLY', `Cannot ${action} '${uri}': the file system is read-only (EROFS)`, {
        uri,
        cause: err,
      });
    case 'EACCES':
    case 'EPERM':
      return new FileIOError('PERMISSION_DENIED', `Cannot ${action} '${uri}': permission denied (${code})`, {
        uri,
        cause: err,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileIOError('NO_SPACE', `Cannot ${action} '${uri}': no space left on the device (${code})`, {
        uri,
        cause: err,
      });
    default:
      // Any other system error: keep Node's words, and say which file (Node's `write` errors name none).
      if (
        typeof code === 'string' &&
        /^E[A-Z0-9]+$/.test(code) &&
        err instanceof Error &&
        !FileIOError.isInstance(err)
      ) {
        return new FileIOError('IO_ERROR', `Cannot ${action} '${uri}': ${err.message}`, { uri, cause: err });
      }
      return err;
  }
}
