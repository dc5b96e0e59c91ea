// Dotted key paths: 'model.backbone.depth', with list indices ('train_pipeline.0.type').
import { type Dict, getOwn, hasOwn, isDict, setOwn } from './dict';
import { ConfigError, ConfigTypeError } from './errors';
import { assertSafeKey } from './safe-keys';

const INDEX = /^\d+$/;

export function splitPath(path: string): string[] {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`A key path must be a non-empty string, got ${String(path)}`);
  return path.split('.');
}

const MISSING = Symbol('missing');

function step(current: unknown, key: string): unknown {
  if (Array.isArray(current)) {
    if (!INDEX.test(key)) return MISSING;
    const index = Number(key);
    return index < current.length ? current[index] : MISSING;
  }
  if (isDict(current)) return hasOwn(current, key) ? current[key] : MISSING;
  return MISSING;
}

export function hasPath(root: Dict, path: string): boolean {
  let current: unknown = root;
  for (const key of splitPath(path)) {
    current = step(current, key);
    if (current === MISSING) return false;
  }
  return true;
}

export function getPath(root: Dict, path: string, defaultValue?: unknown): unknown {
  let current: unknown = root;
  for (const key of splitPath(path)) {
    current = step(current, key);
    if (current === MISSING) return defaultValue;
  }
  return current;
}

/** Where the empty segment `index` of a split key path is, in words: `between "a" and "b"`. */
export function emptySegmentPlace(parts: readonly string[], index: number): string {
  const before = parts.slice(0, index).findLast((part) => part !== '');
  const after = parts.slice(index + 1).find((part) => part !== '');
  if (before !== undefined && after !== undefined) return `between "${before}" and "${after}"`;
  if (after !== undefined) return `before "${after}"`;
  if (before !== undefined) return `after "${before}"`;
  return 'and no named segment';
}

/** Sets a value, creating missing dicts on the way; list indices must exist. */
export function setPath(root: Dict, path: string, value: unknown, file?: string): void {
  const keys = splitPath(path);
  const empty = keys.indexOf('');
  if (empty >= 0) {
    throw new ConfigError(
      'KEY_PATH',
      `The key path ${JSON.stringify(path)} has an empty segment ${emptySegmentPlace(keys, empty)}; ` +
        'write a dotted key such as model.backbone.depth',
      { file, keyPath: path },
    );
  }
  let current: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const keyPath = keys.slice(0, i + 1).join('.');
    assertSafeKey(key, keyPath, file);
    const last = i === keys.length - 1;
    if (Array.isArray(current)) {
      if (!INDEX.test(key)) {
        throw new ConfigTypeError('KEY_PATH', `"${keys.slice(0, i).join('.')}" is a list; "${key}" is not an index`, {
          file,
          keyPath,
        });
      }
      const index = Number(key);
      if (index >= current.length) {
        throw new ConfigError(
          'LIST_INDEX',
          `Index ${index} exceeds the length of list "${keys.slice(0, i).join('.')}" (length ${current.length})`,
          { file, keyPath },
        );
      }
      if (last) current[index] = value;
      else current = current[index];
    } else if (isDict(current)) {
      if (last) setOwn(current, key, value);
      else {
        if (!hasOwn(current, key)) setOwn(current, key, {});
        current = getOwn(current, key);
      }
    } else {
      throw new ConfigTypeError(
        'KEY_PATH',
        `Cannot set "${path}": "${keys.slice(0, i).join('.')}" is not a dict or a list`,
        { file, keyPath },
      );
    }
  }
}
