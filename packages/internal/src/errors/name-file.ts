/**
 * Node's errors for a failed `write` name no file (`ENOSPC: no space left on device, write`): adds the file to the
 * message (`(writing 'work_dirs/x.log')`) and to `path`, keeping the error, its class and `code`. Anything that is not
 * a system error is returned as it is.
 */
export function nameFileInError(error: unknown, path: string, action = 'writing'): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === 'string' && !e.message.includes(path)) {
    e.message = `${e.message} (${action} '${path}')`;
    e.path ??= path;
  }
  return error;
}
