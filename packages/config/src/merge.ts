// MMEngine's merge rules (Config._merge_a_into_b): dicts merge recursively, everything else replaces,
// `_delete_: true` drops the base dict, and a dict over a non-dict without `_delete_` is a TypeError.
import { preview, typeName } from './describe-value';
import { type Dict, getOwn, hasOwn, isDict, setOwn } from './dict';
import { ConfigError, ConfigTypeError } from './errors';

export const DELETE_KEY = '_delete_';
const INDEX = /^\d+$/;

export interface MergeContext {
  /** digit keys address list elements (MMEngine's allow_list_keys) */
  allowListKeys: boolean;
  /** the file the child values come from, for messages */
  childFile?: string | undefined;
  /** the base file that defined a top-level key, for messages */
  baseFileOf?: ((topKey: string) => string | undefined) | undefined;
  /** false when the child is known to hold no `_delete_` keys (skips looking for them) */
  strip?: boolean;
}

/** Removes `_delete_` markers from a value that is inserted whole (there is nothing under it to delete). */
export function stripDelete(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = stripDelete(value[i]);
    return value;
  }
  if (isDict(value)) {
    if (hasOwn(value, DELETE_KEY)) delete value[DELETE_KEY];
    for (const key of Object.keys(value)) setOwn(value, key, stripDelete(value[key]));
  }
  return value;
}

/**
 * Merges `a` into `b` in place and returns `b`. Both must be owned by the caller (fresh copies):
 * values of `a` are moved into `b`, not copied.
 */
export function mergeAIntoB<B extends Dict | unknown[]>(a: Dict, b: B, ctx: MergeContext, prefix = ''): B {
  for (const key of Object.keys(a)) {
    if (key === DELETE_KEY) continue;
    const value = a[key];
    const keyPath = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(b)) {
      if (!(ctx.allowListKeys && INDEX.test(key))) {
        throw new ConfigTypeError('MERGE_TYPE', `"${prefix}" is a list, so "${key}" must be a list index`, {
          file: ctx.childFile,
          keyPath,
        });
      }
      const index = Number(key);
      if (index >= b.length) {
        throw new ConfigError('LIST_INDEX', `Index ${index} exceeds the length of list ${preview(b)} at "${prefix}"`, {
          file: ctx.childFile,
          keyPath,
        });
      }
      b[index] = mergeValue(value, b[index], true, ctx, keyPath);
      continue;
    }
    const present = hasOwn(b, key);
    setOwn(b, key, mergeValue(value, present ? b[key] : undefined, present, ctx, keyPath));
  }
  return b;
}

function mergeValue(value: unknown, target: unknown, present: boolean, ctx: MergeContext, keyPath: string): unknown {
  if (!isDict(value) || !present || getOwn(value, DELETE_KEY)) return ctx.strip === false ? value : stripDelete(value);
  if (isDict(target) || (ctx.allowListKeys && Array.isArray(target))) {
    return mergeAIntoB(value, target as Dict | unknown[], ctx, keyPath);
  }
  const topKey = keyPath.split('.')[0] as string;
  const baseFile = ctx.baseFileOf?.(topKey);
  const child = ctx.childFile ? `child config ${ctx.childFile}` : 'child config';
  const base = baseFile ? `base config ${baseFile}` : 'base config';
  throw new ConfigTypeError(
    'MERGE_TYPE',
    `${keyPath}=${preview(value)} in ${child} cannot inherit from base because ${keyPath} is a dict in the ` +
      `child config but is of type ${typeName(target)} in ${base}. You may set \`_delete_: true\` ` +
      '(MMEngine: `_delete_=True`) to ignore the base config.',
    { file: ctx.childFile, keyPath },
  );
}

/**
 * Adds the top-level keys of one base to the union of the bases, refusing a key that an earlier base
 * already defined (MMEngine: "Duplicate key is not allowed among bases").
 */
export function addBase(
  union: Dict,
  owners: Map<string, string>,
  base: Dict,
  baseFile: string,
  childFile: string,
): void {
  const duplicates = Object.keys(base).filter((key) => hasOwn(union, key));
  if (duplicates.length > 0) {
    const detail = duplicates.map((key) => `"${key}" (in ${owners.get(key)} and ${baseFile})`).join(', ');
    throw new ConfigError('BASE_DUPLICATE_KEY', `Duplicate key is not allowed among bases. Duplicate keys: ${detail}`, {
      file: childFile,
      keyPath: duplicates[0],
    });
  }
  for (const key of Object.keys(base)) {
    setOwn(union, key, base[key]);
    owners.set(key, baseFile);
  }
}
