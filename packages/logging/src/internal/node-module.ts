import type * as Fs from 'node:fs';
import type * as Os from 'node:os';
import type * as Path from 'node:path';

interface NodeModules {
  fs: typeof Fs;
  os: typeof Os;
  path: typeof Path;
}

type ProcessWithBuiltins = { getBuiltinModule?: (id: string) => unknown };

/**
 * A Node built-in, loaded on first use through `process.getBuiltinModule` so that the package still loads in a
 * browser bundle (where only the file sink is unavailable).
 */
export function nodeModule<K extends keyof NodeModules>(name: K, purpose: string): NodeModules[K] {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const mod = proc?.getBuiltinModule?.(`node:${name}`);
  if (mod === undefined) {
    throw new Error(`@eng/logging: ${purpose} needs Node.js >= 20.16 (process.getBuiltinModule('node:${name}'))`);
  }
  return mod as NodeModules[K];
}
