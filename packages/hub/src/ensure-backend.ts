import { initBackend, lastBackendChoice } from '@eng/tensor-gpu';

/** Starts the tensor backend unless one is: the hub reads weights into tensors for callers that did not. */
export async function ensureBackend(): Promise<void> {
  if (lastBackendChoice() === undefined) await initBackend();
}
