// A top-level key that is not one the runner reads but is a near miss of one (`trian_cfg`) is most likely a typo
// that would silently fall back to defaults: warn, naming the file. Other user keys (`dataset_type`) stay quiet.
import { nearestNames } from '@eng/internal';
import { ENG_CONFIG_KEYS } from './define-config';
import type { Dict } from './dict';

const known = new Set<string>(ENG_CONFIG_KEYS);
const warned = new Set<string>();

/** Edits allowed between a key and a known one: one for short keys, two for longer ones. */
function maxDistance(key: string): number {
  return key.length <= 6 ? 1 : 2;
}

/** Emits one `ENG_CONFIG_UNKNOWN_KEY` warning per near-miss key of the file (once per process and file). */
export function warnTopLevelTypos(dict: Dict, file: string): void {
  for (const key of Object.keys(dict)) {
    if (known.has(key)) continue;
    const near = nearestNames(key, ENG_CONFIG_KEYS, { maxDistance: maxDistance(key), count: 1 });
    if (near.length === 0) continue;
    const id = `${file}\0${key}`;
    if (warned.has(id)) continue;
    warned.add(id);
    process.emitWarning(`Config ${file}: unknown top-level key "${key}". Did you mean "${near[0]}"?`, {
      code: 'ENG_CONFIG_UNKNOWN_KEY',
    });
  }
}
