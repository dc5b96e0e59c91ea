// Making the WASM backend load in Node wherever the code ends up (sources, the ESM or CJS build, a bundle): point
// it at the installed package's .wasm files by file path instead of relying on the loader script's own location.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';

declare const __filename: string | undefined;

/** A path or URL of this module, for resolving packages installed beside it (works in ESM and CJS builds). */
export function moduleLocation(): string {
  if (typeof __filename === 'string') return __filename;
  return import.meta.url;
}

let configuredDir: string | undefined;

/** The directory holding tfjs-backend-wasm's .wasm binaries, or undefined outside Node / when it cannot be found. */
export function wasmBinaryDir(): string | undefined {
  if (!tf.env().getBool('IS_NODE')) return undefined;
  try {
    const require = createRequire(moduleLocation());
    return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

/**
 * In Node, tells the WASM backend where its binaries are (a file path; Emscripten reads it with `fs`). Must run
 * before the backend initializes; later calls are ignored. Returns the directory used.
 */
export function configureWasmForNode(options: { threads?: number } = {}): string | undefined {
  if (configuredDir === undefined) {
    const dir = wasmBinaryDir();
    if (dir !== undefined) {
      setWasmPaths(`${dir}/`);
      configuredDir = dir;
    }
  }
  if (options.threads !== undefined) setThreadsCount(options.threads);
  return configuredDir;
}
