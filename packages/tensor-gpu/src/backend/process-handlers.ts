// Emscripten's Node glue (inside tfjs-backend-wasm) installs `uncaughtException` and `unhandledRejection` listeners
// that rethrow. From then on every uncaught error of the program exits with code 7 and prints a frame of the WASM
// loader before the error. eng removes those two listeners, recognised by their code, whenever the WASM backend is
// created (through `initBackend`, `tf.setBackend('wasm')` or `tf.ready()` alike), so a program fails the way Node
// programs fail (the error first, exit code 1). Every other listener stays, the user's included.
import { tf } from '../tf';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** The two listeners Emscripten adds: `if (!(ex instanceof ExitStatus)) throw ex` and `throw reason`. */
const EMSCRIPTEN_LISTENER = /ExitStatus|^function\s*\(\s*reason\s*\)\s*\{\s*throw\s+reason/;

type Listener = (...args: unknown[]) => void;

/** The part of Node's `process` used here (absent in a browser). */
interface ProcessEvents {
  listeners(event: string): Function[];
  removeListener(event: string, listener: Listener): unknown;
}

function nodeProcess(): ProcessEvents | undefined {
  return typeof process !== 'undefined' && typeof process.listeners === 'function'
    ? (process as unknown as ProcessEvents)
    : undefined;
}

/** Removes Emscripten's rethrowing process listeners, if any are installed. */
export function removeEmscriptenListeners(): void {
  const proc = nodeProcess();
  if (proc === undefined) return;
  for (const event of EVENTS) {
    for (const listener of proc.listeners(event)) {
      if (EMSCRIPTEN_LISTENER.test(Function.prototype.toString.call(listener))) {
        proc.removeListener(event, listener as Listener);
      }
    }
  }
}

const WRAPPED = Symbol.for('@eng/tensor-gpu/wasm-factory-wrapped');

/** Wraps the registered WASM backend factory so that every way of starting it removes Emscripten's listeners. */
export function wrapWasmFactory(): void {
  const registry = (tf.engine() as unknown as { registryFactory: Record<string, { factory: () => unknown }> })
    .registryFactory;
  const entry = registry.wasm;
  if (entry === undefined || (entry.factory as { [WRAPPED]?: boolean })[WRAPPED]) return;
  const original = entry.factory;
  const wrapped = () => {
    const created = original();
    removeEmscriptenListeners();
    if (created instanceof Promise) {
      return created.finally(removeEmscriptenListeners);
    }
    return created;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  entry.factory = wrapped;
}
