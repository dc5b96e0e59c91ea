import { platform } from '#platform';
import { warn } from './logger';

/** The scope used when none is given and none can be inferred, like MMEngine's `mmengine`. */
export const FALLBACK_SCOPE = 'eng';

interface Frame {
  file: string;
  location: string;
}

function parseFrames(stack: string | undefined): Frame[] {
  if (!stack) return [];
  const frames: Frame[] = [];
  for (const line of stack.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('at ')) continue;
    const inParens = /\(([^()]*)\)$/.exec(trimmed);
    const location = inParens ? inParens[1]! : trimmed.slice(3).replace(/^async /, '');
    const match = /^(.*?):(\d+):(\d+)$/.exec(location);
    if (!match) continue;
    const file = match[1]!;
    if (file.startsWith('node:') || file.startsWith('internal/') || file === 'native') continue;
    frames.push({ file, location });
  }
  return frames;
}

function directoryOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut === -1 ? file : file.slice(0, cut + 1);
}

// This module's own file tells which frames are ours: everything under its directory (src/ or dist/).
const ownDirectory: string | undefined = (() => {
  const first = parseFrames(new Error().stack)[0];
  return first ? directoryOf(first.file) : undefined;
})();

function callerFrame(): Frame | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  for (const frame of parseFrames(stack)) {
    if (ownDirectory !== undefined && frame.file.startsWith(ownDirectory)) continue;
    return frame;
  }
  return undefined;
}

/** The file of the first stack frame outside this package, if the runtime tells. */
export function callerFile(): string | undefined {
  return callerFrame()?.file;
}

/** `file:line:column` of the first stack frame outside this package, if the runtime tells. */
export function callerLocation(): string | undefined {
  return callerFrame()?.location;
}

/** Turns an npm package name into a scope: `@org/name` -> `name`; dots would split keys, so they become `_`. */
export function scopeFromPackageName(name: string): string {
  const bare = name.startsWith('@') && name.includes('/') ? name.slice(name.indexOf('/') + 1) : name;
  return bare.replace(/\./g, '_');
}

/**
 * MMEngine's `infer_scope`: the name of the package whose code creates the registry, here the nearest package.json
 * above the caller's file. Falls back to `eng`, with a warning, when that cannot be told (a browser bundle, a
 * stack without files, a file outside any package).
 */
export function inferScope(registryName: string): string {
  const frame = callerFrame();
  const packageName = frame ? platform.nearestPackageName(frame.file) : undefined;
  if (packageName !== undefined) return scopeFromPackageName(packageName);
  warn(
    `Set the scope of the "${registryName}" registry to "${FALLBACK_SCOPE}" because it could not be inferred from ` +
      `the caller's package.json. Silence this by passing a scope: new Registry('${registryName}', { scope: 'toy' }).`,
  );
  return FALLBACK_SCOPE;
}
