import { createStackScopeStore } from '../scope-store/stack';
import type { Platform } from './types';

export const platform: Platform = {
  name: 'browser',
  createScopeStore: createStackScopeStore,
  nearestPackageName: () => undefined,
  writeFileAtomic() {
    throw new Error('countRegisteredModules({ savePath }) needs a file system; it is not available in this runtime');
  },
  joinPath: (...parts) => parts.join('/').replace(/\/{2,}/g, '/'),
  toImportSpecifier(specifier, base) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || base === undefined) return specifier;
    try {
      return new URL(specifier, base).href;
    } catch {
      return specifier;
    }
  },
};
