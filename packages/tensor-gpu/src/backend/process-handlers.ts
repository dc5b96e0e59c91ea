// Emscripten's Node glue (inside tfjs-backend-wasm) installs `uncaughtException` and `unhandledRejection` listeners
// that rethrow. From then on every uncaught error of the program exits with code 7 and prints a frame of the WASM
// loader before the error. eng removes exactly the listeners that appeared while a backend initialised, so a
// program fails the way Node programs fail (the error first, exit code 1); listeners the user added stay.

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

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

/** Runs `init` and removes the process-level error listeners it added. */
export async function withoutAddedErrorListeners<T>(init: () => Promise<T>): Promise<T> {
  const proc = nodeProcess();
  if (proc === undefined) return init();
  const before = new Map(EVENTS.map((event) => [event, new Set(proc.listeners(event) as Listener[])]));
  try {
    return await init();
  } finally {
    for (const event of EVENTS) {
      const existing = before.get(event);
      for (const listener of proc.listeners(event) as Listener[]) {
        if (!existing?.has(listener)) proc.removeListener(event, listener);
      }
    }
  }
}
