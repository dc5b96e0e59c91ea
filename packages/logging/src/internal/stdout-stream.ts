import type { TextStream } from '../sinks';

/** `process.stdout`, or outside Node (no stdout) the console, one chunk a call. */
export function stdoutStream(): TextStream {
  const stdout = (globalThis as { process?: { stdout?: TextStream } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') return stdout;
  return { write: (chunk: string) => globalThis.console.log(chunk.replace(/\n$/, '')) };
}
