import { Registry } from '../src/index';

export { captureWarnings, captureWarningsAsync, resetDefaultScopes } from '../src/test';

let counter = 0;
/** A scope name no other test uses (scopes must be unique among a parent's children). */
export function uniqueScope(prefix: string): string {
  return `${prefix}_${++counter}_${Date.now().toString(36)}`;
}

/**
 * MMEngine's test tree:
 *
 *                     DOGS
 *              _________|_________
 *             |                   |
 *      HOUNDS (hound)      SAMOYEDS (samoyed)
 *       ______|______              |
 *      |             |             |
 * LITTLE_HOUNDS  MID_HOUNDS  LITTLE_SAMOYEDS
 * (little_hound) (mid_hound) (little_samoyed)
 */
export function buildDogTree() {
  const DOGS = new Registry('dogs', { scope: 'dogs' });
  const HOUNDS = new Registry('hounds', { parent: DOGS, scope: 'hound' });
  const LITTLE_HOUNDS = new Registry('little hounds', { parent: HOUNDS, scope: 'little_hound' });
  const MID_HOUNDS = new Registry('mid hounds', { parent: HOUNDS, scope: 'mid_hound' });
  const SAMOYEDS = new Registry('samoyeds', { parent: DOGS, scope: 'samoyed' });
  const LITTLE_SAMOYEDS = new Registry('little samoyeds', { parent: SAMOYEDS, scope: 'little_samoyed' });
  return { DOGS, HOUNDS, LITTLE_HOUNDS, MID_HOUNDS, SAMOYEDS, LITTLE_SAMOYEDS };
}
