// initBackend: MMEngine picks a `device` (cuda, then cpu); we pick the fastest TensorFlow.js backend that works here.
import '@tensorflow/tfjs-backend-wasm';
import { printLog } from '@eng/logging';
import { registerWasmTrainingKernels } from '../kernels/wasm/register';
import { isDeterministic } from '../random';
import { tf } from '../tf';
import {
  DEFAULT_BACKEND_ORDER,
  type DetectOptions,
  loadPackage,
  NATIVE_BACKEND_PACKAGES,
  resolvePackage,
} from './detect';
import { BackendError } from './backend-error';
import { removeEmscriptenListeners, wrapWasmFactory } from './process-handlers';
import { guardUninitializedBackend } from './uninitialized-guard';
import { configureWasmForNode } from './wasm-node';

// Users who call tf.setBackend('wasm') themselves get the training kernels too.
registerWasmTrainingKernels();
guardUninitializedBackend();
wrapWasmFactory();

/** The level of a message given to a {@link LogFn}. */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

/** Where `initBackend` reports its choice instead of the current MMLogger. */
export type LogFn = (message: string, level: LogLevelName) => void;

export interface InitBackendOptions extends DetectOptions {
  /**
   * Backends to try, in order. Names: 'tfjs-node-gpu', 'tfjs-node', 'tensorflow' (either native package), 'wasm',
   * 'cpu', or any backend registered with TensorFlow.js ('webgl', 'webgpu', …). Default:
   * ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']. The environment variable ENG_BACKEND (a name or a comma-separated
   * list) overrides it.
   */
  prefer?: string[];
  /** WASM threads (XNNPACK's pool); default: 1 when deterministic, else the backend's default. */
  threads?: number;
  /** Where the choice is reported (default: the current MMLogger, as MMEngine's print_log(…, logger='current')). */
  log?: LogFn;
}

export interface BackendAttempt {
  name: string;
  ok: boolean;
  reason?: string;
}

/** What the last `initBackend` call chose and why it skipped the others. */
export interface BackendChoice {
  backend: string;
  requested: string[];
  source: 'ENG_BACKEND' | 'options.prefer' | 'default';
  attempts: BackendAttempt[];
}

let lastChoice: BackendChoice | undefined;

export function lastBackendChoice(): BackendChoice | undefined {
  return lastChoice;
}

function expand(name: string): string[] {
  const key = name.trim().toLowerCase();
  if (key === 'tensorflow' || key === 'node') return ['tfjs-node-gpu', 'tfjs-node'];
  if (key === 'gpu' || key === 'cuda') return ['tfjs-node-gpu'];
  if (key === '@tensorflow/tfjs-node') return ['tfjs-node'];
  if (key === '@tensorflow/tfjs-node-gpu') return ['tfjs-node-gpu'];
  return [key];
}

async function trySetBackend(name: string): Promise<string | undefined> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    removeEmscriptenListeners();
    if (!ok) return `tf.setBackend('${name}') failed to initialize it`;
    return undefined;
  } catch (error) {
    return `initializing '${name}' threw: ${(error as Error).message}`;
  }
}

async function attempt(name: string, options: InitBackendOptions): Promise<string | undefined> {
  const native = NATIVE_BACKEND_PACKAGES[name];
  if (native !== undefined) {
    const resolved = resolvePackage(native.package, options);
    if (!resolved.found) return resolved.reason;
    try {
      await loadPackage(resolved.path);
    } catch (error) {
      return `${native.package} is installed but failed to load: ${(error as Error).message}`;
    }
    if (tf.findBackendFactory(native.backend) == null) {
      return `${native.package} loaded but did not register the '${native.backend}' backend`;
    }
    return trySetBackend(native.backend);
  }
  if (name === 'wasm') {
    const threads = options.threads ?? (isDeterministic() ? 1 : undefined);
    configureWasmForNode(threads === undefined ? {} : { threads });
    registerWasmTrainingKernels();
    return trySetBackend('wasm');
  }
  if (tf.findBackendFactory(name) == null) {
    const known = Object.keys(tf.engine().registryFactory);
    return `no backend named '${name}' is registered (registered: ${known.join(', ')}; also: ${Object.keys(NATIVE_BACKEND_PACKAGES).join(', ')})`;
  }
  return trySetBackend(name);
}

/**
 * Chooses and initializes the TensorFlow.js backend, trying `prefer` in order (default: tfjs-node-gpu, tfjs-node,
 * wasm, cpu; ENG_BACKEND overrides), logs the choice and why each earlier one was skipped, and resolves to the
 * backend name in use ('tensorflow' | 'wasm' | 'cpu' | …).
 *
 * @example
 * const backend = await initBackend();            // 'wasm' on a machine without tfjs-node
 * await initBackend({ prefer: ['cpu'] });         // force the pure-JS backend
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<string> {
  if (options.prefer !== undefined && !Array.isArray(options.prefer)) {
    throw new TypeError('initBackend: options.prefer must be an array of names');
  }
  const fromEnv = process.env.ENG_BACKEND?.trim();
  let source: BackendChoice['source'] = 'default';
  let requested: string[] = [...DEFAULT_BACKEND_ORDER];
  if (fromEnv) {
    source = 'ENG_BACKEND';
    requested = fromEnv.split(',').filter((s) => s.trim() !== '');
  } else if (options.prefer !== undefined) {
    source = 'options.prefer';
    requested = options.prefer;
  }
  const order = [...new Set(requested.flatMap(expand))];
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    const reason = await attempt(name, options);
    attempts.push(reason === undefined ? { name, ok: true } : { name, ok: false, reason });
    if (reason === undefined) {
      const backend = tf.getBackend();
      lastChoice = { backend, requested, source, attempts };
      const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
      const via = source === 'default' ? '' : ` (from ${source})`;
      const message = `backend '${backend}'${via}${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`;
      // MMEngine's print_log(msg, logger='current') unless the caller asked for its own log function.
      if (options.log) options.log(message, 'info');
      else printLog(`[tensor-gpu] ${message}`, { logger: 'current', level: 'INFO' });
      return backend;
    }
  }
  const detail = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
  throw new BackendError(
    `initBackend: none of the requested backends could start (requested by ${source}: ${requested.join(', ')}). ${detail}`,
    attempts,
  );
}
