/**
 * The storage prefix of a URI: `'s3'` for `s3://bucket/key`, `'s3'` for `cluster:s3://bucket/key`
 * (a cluster name before the scheme, as MMEngine's Petrel paths allow), `''` for plain paths.
 */
export function parseUriPrefix(uri: string): string {
  if (typeof uri !== 'string') throw new TypeError(`A path or URI must be a string, got ${typeof uri}`);
  const at = uri.indexOf('://');
  if (at < 0) return '';
  const head = uri.slice(0, at);
  const colon = head.lastIndexOf(':');
  return colon < 0 ? head : head.slice(colon + 1);
}

/** `scheme://` part of a URI (empty for plain paths) and the rest. */
export function splitScheme(uri: string): [scheme: string, rest: string] {
  const at = uri.indexOf('://');
  return at < 0 ? ['', uri] : [uri.slice(0, at + 3), uri.slice(at + 3)];
}

/** Joins URI segments with single slashes, keeping the scheme: `joinUri('memory://a/', 'b', '/c')` is `memory://a/b/c`. */
export function joinUri(base: string, ...parts: string[]): string {
  const [scheme, rest] = splitScheme(base);
  let out = rest;
  for (const part of parts) {
    if (part === '') continue;
    out = out === '' ? part.replace(/^\/+/, '') : `${out.replace(/\/+$/, '')}/${part.replace(/^\/+/, '')}`;
  }
  return scheme + out;
}

/** Last path segment of a URI or path, without query string or fragment. */
export function uriBasename(uri: string): string {
  const [, rest] = splitScheme(uri);
  const noQuery = rest.replace(/[?#].*$/, '');
  const segments = noQuery.split(/[\\/]/).filter(Boolean);
  return segments.at(-1) ?? '';
}

/** The extension after the last dot of the basename, without the dot (`''` when there is none). */
export function uriExtension(uri: string): string {
  const name = uriBasename(uri);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
}
