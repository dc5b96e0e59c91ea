// A tensor operation before any backend is ready fails inside TensorFlow.js with "Backend 'undefined' has not yet
// been initialized" or "The highest priority backend 'wasm' has not yet been initialized ... await tf.ready()".
// `tf.ready()` would start WASM without eng's Node set-up, so the error says what to call instead. The backend
// cannot be started lazily here: WASM starts asynchronously and a tensor operation is synchronous, and falling back
// to the slow CPU backend without a word would hide a 10x slowdown.
import { BackendError } from './backend-error';
import { tf } from '../tf';

const NOT_READY = /has not yet been initialized/;
const GUARDED = Symbol.for('@eng/tensor-gpu/uninitialized-guard');

function notReadyMessage(detail: string): string {
  return (
    'No TensorFlow.js backend is ready: call `await initBackend()` (from @eng/tensor-gpu) before the first tensor ' +
    `operation; it picks and starts the fastest backend (${detail})`
  );
}

/** Makes a tensor operation before `await initBackend()` fail with a BackendError that says to call it. */
export function guardUninitializedBackend(): void {
  const engine = tf.engine() as unknown as Record<PropertyKey, unknown>;
  if (engine[GUARDED]) return;
  const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(engine), 'backend');
  const get = descriptor?.get;
  if (get === undefined) return;
  Object.defineProperty(engine, 'backend', {
    configurable: true,
    get(this: { backendInstance?: unknown; pendingBackendInit?: unknown }) {
      // Refuse before tfjs starts a backend by itself: it would start WASM without eng's Node set-up.
      if (this.backendInstance == null && this.pendingBackendInit == null) {
        throw new BackendError(notReadyMessage('no backend was started'), [], 'NOT_INITIALIZED');
      }
      try {
        return get.call(this);
      } catch (error) {
        if (!(error instanceof Error) || !NOT_READY.test(error.message)) throw error;
        throw new BackendError(notReadyMessage(`tfjs's own message: ${error.message}`), [], 'NOT_INITIALIZED', error);
      }
    },
  });
  Object.defineProperty(engine, GUARDED, { value: true });
}
