import type { ScopeStore } from './types';

/** A scope store for runtimes without `AsyncLocalStorage`: a stack, popped when the callback (or its promise) ends. */
export function createStackScopeStore<T>(): ScopeStore<T> {
  const frames: Array<{ value: T }> = [];
  const remove = (frame: { value: T }) => {
    const at = frames.lastIndexOf(frame);
    if (at !== -1) frames.splice(at, 1);
  };
  return {
    kind: 'stack',
    current: () => frames[frames.length - 1]?.value,
    run<R>(value: T, fn: () => R): R {
      const frame = { value };
      frames.push(frame);
      let result: R;
      try {
        result = fn();
      } catch (error) {
        remove(frame);
        throw error;
      }
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        const done = () => remove(frame);
        (result as unknown as PromiseLike<unknown>).then(done, done);
      } else {
        remove(frame);
      }
      return result;
    },
  };
}
