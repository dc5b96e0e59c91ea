import { AsyncLocalStorage } from 'node:async_hooks';
import type { ScopeStore } from './types';

/** The Node scope store: each async task keeps its own override, awaits included. */
export function createAsyncLocalScopeStore<T>(): ScopeStore<T> {
  const storage = new AsyncLocalStorage<T>();
  return {
    kind: 'async-local-storage',
    current: () => storage.getStore(),
    run: (value, fn) => storage.run(value, fn),
  };
}
