// Tensor lifetimes for a training loop. MMEngine relies on Python's reference counting; TensorFlow.js needs every
// intermediate tensor freed by hand, so the runner wraps each iteration in a scope.
import { tf } from './tf';

type TensorContainer = tf.TensorContainer;

function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/**
 * Runs one synchronous step (forward, backward, update) in a `tf.tidy` scope: every tensor created inside is
 * disposed when it returns, except the tensors found in its result (nested arrays / objects are walked).
 *
 * @example
 * const loss = tidyStep(() => optimizer.minimize(() => lossFn(model(x), y), true));
 */
export function tidyStep<T extends TensorContainer>(fn: () => T, name?: string): T {
  return name === undefined ? tf.tidy(fn) : tf.tidy(name, fn);
}

/**
 * The asynchronous form of `tidyStep` for a runner iteration that awaits (data loading, hooks, `dataSync` readbacks):
 * tensors created during `fn` are disposed when its promise settles (also when it throws), except those in its
 * result and `tf.Variable`s. Scopes must not interleave: run iterations one after another, as a runner does.
 *
 * @example
 * const outputs = await withTensorScope(async () => {
 *   const batch = await loader.next();
 *   return trainStep(batch); // tensors in the returned value survive; everything else is freed
 * });
 */
export async function withTensorScope<T>(fn: () => T | Promise<T>, name = 'eng.withTensorScope'): Promise<T> {
  const engine = tf.engine();
  engine.startScope(name);
  let result: T | undefined;
  try {
    result = await fn();
    return result;
  } finally {
    // endScope keeps (and moves to the outer scope) only tensors contained in `result`.
    engine.endScope(collectTensors(result));
  }
}

/** Every tensor in a nested structure (arrays, plain objects, Maps, Sets), each once. */
export function collectTensors(value: unknown): tf.Tensor[] {
  const found = new Set<tf.Tensor>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (isTensor(v)) {
      found.add(v);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) for (const item of v) walk(item);
    else if (v instanceof Map) for (const item of v.values()) walk(item);
    else if (v instanceof Set) for (const item of v) walk(item);
    else if (ArrayBuffer.isView(v)) return;
    else for (const item of Object.values(v)) walk(item);
  };
  walk(value);
  return [...found];
}

export interface DisposeAllOptions {
  /** Dispose `tf.Variable`s too (default false: variables are a model's parameters and outlive a step). */
  variables?: boolean;
}

/** Disposes every tensor in a nested structure; returns how many were disposed. Already-disposed ones are skipped. */
export function disposeAll(value: unknown, options: DisposeAllOptions = {}): number {
  let count = 0;
  for (const t of collectTensors(value)) {
    if (t.isDisposed) continue;
    if (t instanceof tf.Variable && !options.variables) continue;
    t.dispose();
    count++;
  }
  return count;
}

/** Tensor/byte counts and their change while `fn` ran: a quick leak check for tests and debugging. */
export async function measureTensorDelta<T>(
  fn: () => T | Promise<T>,
): Promise<{ result: T; tensors: number; bytes: number }> {
  const before = tf.memory();
  const result = await fn();
  const after = tf.memory();
  return { result, tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes };
}
