/**
 * Holds the default-scope override of the running task. In Node it is an `AsyncLocalStorage`, so concurrent async
 * tasks never see each other's override; elsewhere a stack (an override can leak to tasks interleaved with an
 * `await` inside the callback).
 */
export interface ScopeStore<T> {
  readonly kind: 'async-local-storage' | 'stack';
  current(): T | undefined;
  run<R>(value: T, fn: () => R): R;
}
