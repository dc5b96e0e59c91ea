// A top-level key that is not one the runner reads but is a near miss of one (`trian_cfg`) is most likely a typo
// that would silently fall back to defaults: warn, naming the file. Other user keys (`dataset_type`) stay quiet.
import { nearestNames } from '@eng/internal';
import { ENG_CONFIG_KEYS } from './define-config';
import type { Dict } from './dict';

const known = new Set<string>(ENG_CONFIG_KEYS);
const warned = new Set<string>();
// the same keys come back in every config of a project: their edit distances are worked out once
const nearestKnown = new Map<string, string | undefined>();
const MAX_REMEMBERED = 4096;

/** Edits allowed between a key and a known one: one for short keys, two for longer ones. */
function maxDistance(key: string): number {
  return key.length <= 6 ? 1 : 2;
}

/** Emits one `ENG_CONFIG_UNKNOWN_KEY` warning per near-miss key of the file (once per process and file). */
export function warnTopLevelTypos(dict: Dict, file: string): void {
  for (const key of Object.keys(dict)) {
    if (known.has(key)) continue;
    let near = nearestKnown.get(key);
    if (!nearestKnown.has(key)) {
      near = nearestNames(key, ENG_CONFIG_KEYS, { maxDistance: maxDistance(key), count: 1 })[0];
      if (nearestKnown.size >= MAX_REMEMBERED) nearestKnown.clear();
      nearestKnown.set(key, near);
    }
    if (near === undefined) continue;
    const id = `${file}\0${key}`;
    if (warned.has(id)) continue;
    warned.add(id);
    process.emitWarning(`Config ${file}: unknown top-level key "${key}". Did you mean "${near}"?`, {
      code: 'ENG_CONFIG_UNKNOWN_KEY',
    });
  }
}
