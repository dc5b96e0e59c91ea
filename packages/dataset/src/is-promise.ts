/** Whether a value is a promise (a thenable): what lets pipelines and datasets stay synchronous until they cannot. */
export function isPromise<T = unknown>(value: unknown): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
