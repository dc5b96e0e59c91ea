/** MMEngine's `is_abs`: a local absolute path (`/x`, `C:\x`) or a URI with a scheme (`s3://`, `memory://`). */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || /^[A-Za-z][\w+.-]*:\/\//.test(path);
}
