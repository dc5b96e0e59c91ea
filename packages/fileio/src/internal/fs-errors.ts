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
    default:
      return err;
  }
}
