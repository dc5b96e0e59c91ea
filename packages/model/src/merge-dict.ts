/** MMEngine `merge_dict`: later objects win on shared keys. */
export function mergeDict<T extends Record<string, unknown>>(...dicts: T[]): T {
  return Object.assign({}, ...dicts);
}
