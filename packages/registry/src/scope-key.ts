/** MMEngine's `split_scope_key`: `'mmdet.ResNet'` -> `['mmdet', 'ResNet']`, `'ResNet'` -> `[undefined, 'ResNet']`. */
export function splitScopeKey(key: string): [scope: string | undefined, key: string] {
  const dot = key.indexOf('.');
  return dot === -1 ? [undefined, key] : [key.slice(0, dot), key.slice(dot + 1)];
}
