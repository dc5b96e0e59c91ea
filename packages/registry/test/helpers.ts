import { Registry } from '../src/index';

/** Forgets every DefaultScope instance (MMEngine's tests reset `DefaultScope._instance_dict` the same way). */
export function resetDefaultScopes(): void {
  const state = (globalThis as Record<symbol, any>)[Symbol.for('@eng/registry/state@1')];
  state.managers.delete('@eng/registry/DefaultScope');
}

/** Captures the registry's warnings while `fn` runs. */
export function captureWarnings<R>(fn: () => R): { result: R; warnings: string[] } {
  const state = (globalThis as Record<symbol, any>)[Symbol.for('@eng/registry/state@1')];
  const previous = state.logger;
  const warnings: string[] = [];
  state.logger = { warn: (m: string) => warnings.push(m) };
  try {
    return { result: fn(), warnings };
  } finally {
    state.logger = previous;
  }
}

/** Captures the registry's warnings while the async `fn` runs. */
export async function captureWarningsAsync<R>(fn: () => Promise<R>): Promise<{ result: R; warnings: string[] }> {
  const state = (globalThis as Record<symbol, any>)[Symbol.for('@eng/registry/state@1')];
  const previous = state.logger;
  const warnings: string[] = [];
  state.logger = { warn: (m: string) => warnings.push(m) };
  try {
    return { result: await fn(), warnings };
  } finally {
    state.logger = previous;
  }
}

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
