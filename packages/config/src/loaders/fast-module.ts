// The fast path for TS configs: sucrase strips the types and turns `import`/`export` into CommonJS (keeping
// every line where it was), and the code runs in a function wrapper of our own, about 10x faster than jiti's
// Babel transform. Each import is first imported natively (as Node imports it, as jiti imports JS files too), so
// a config gets the very module instances the program has. A config this cannot run (it imports another TS file
// or something it cannot resolve for sure, names `require`, or may have `import.meta` inside a string) gets
// `undefined` back and goes to jiti.
import { createRequire, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
// the package itself, for configs that import it; used only once a config runs, long after both are loaded
import * as self from '../index';
import { type ImportTarget, importTarget } from './import-target';
import { type ModuleExports, readExports } from './module-exports';
import { frameIn } from './throw-position';

type Sucrase = typeof import('sucrase');
let sucrase: Sucrase | undefined;

function sucraseModule(): Sucrase {
  sucrase ??= createRequire(import.meta.url)('sucrase') as Sucrase;
  return sucrase;
}

/** The TS extensions the fast path runs (`.tsx` would need JSX: jiti's). */
export const FAST_FILE = /\.[cm]?ts$/;

function transformOptions(file: string) {
  return {
    transforms: ['typescript', 'imports'] as Array<'typescript' | 'imports'>,
    filePath: file,
    // modern syntax (class fields, `?.`) runs as written: fewer rewrites, closer columns
    disableESTransforms: true,
    production: true,
  };
}

/** The source map of the fast path's code for `source`, made again when an error has to be placed. */
export function fastSourceMap(source: string, file: string): SourceMapPayload | undefined {
  try {
    const result = sucraseModule().transform(source, {
      ...transformOptions(file),
      sourceMapOptions: { compiledFilename: file },
    });
    return result.sourceMap as SourceMapPayload | undefined;
  } catch {
    return undefined;
  }
}

// `import.meta` becomes a parameter of the wrapper with a name of the same length, so no column moves
const IMPORT_META = /\bimport\.meta\b/g;
const META_PARAMETER = '__engMeta__';
// `import.meta` after a quote on its line may sit inside a string, which a plain replace would change
const IMPORT_META_AFTER_QUOTE = /['"`][^\n]*\bimport\s*\.\s*meta\b/;
const REQUIRE_WORD = /\brequire\b/;
// every `require` of sucrase's output is one of these (the source itself never names `require`)
const REQUIRE_CALL = /\brequire\((['"])((?:(?!\1)[^\\\n])*)\1\)/g;

type Wrapped = (...args: unknown[]) => Promise<void>;

/** `code` in a function wrapper written on its first line (as Node's and jiti's are), so its lines are kept. */
function compile(code: string, file: string): Wrapped {
  const wrapped = `(async function (exports, require, module, __filename, __dirname, ${META_PARAMETER}) {${code}\n})`;
  return new Script(wrapped, { filename: file }).runInThisContext() as Wrapped;
}

let firstLineShift: Promise<number | undefined> | undefined;

/**
 * How many columns right of the code's own column V8 reports a frame on line 1 of the fast path's code: the
 * wrapper's length, less what source-map support takes off for Node's CommonJS wrapper when it is on (test
 * runners, `--enable-source-maps`). Measured once, on code that throws at a known column.
 */
export function fastFirstLineShift(): Promise<number | undefined> {
  firstLineShift ??= (async () => {
    const file = join(tmpdir(), '__eng_config_fast_first_line__.ts');
    try {
      await compile('throw new Error();', file)();
    } catch (error) {
      const at = frameIn(file, error);
      if (at?.line === 1) return at.column - 7;
    }
    return undefined;
  })();
  return firstLineShift;
}

/** The exports of an imported module as sucrase's interop helpers expect an ES module's: flagged `__esModule`. */
function asEsModule(namespace: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(namespace)) out[key] = (namespace as Record<string, unknown>)[key];
  Object.defineProperty(out, '__esModule', { value: true });
  return out;
}

// the modules configs imported, as sucrase's helpers see them: frozen, as a module namespace is
const imported = new Map<string, Readonly<Record<string, unknown>>>();

async function load(target: ImportTarget, file: string): Promise<unknown> {
  if (target.kind === 'json') {
    // through Node's require cache, as jiti reads JSON: the default export, and its keys as named exports
    const data = createRequire(file)(target.path) as unknown;
    const named = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
    return asEsModule({ ...named, default: data });
  }
  const key = target.kind === 'self' ? '' : target.kind === 'builtin' ? target.specifier : target.path;
  let module = imported.get(key);
  if (module === undefined) {
    const namespace =
      target.kind === 'self'
        ? self
        : await import(target.kind === 'builtin' ? target.specifier : pathToFileURL(target.path).href);
    module = Object.freeze(asEsModule(namespace));
    imported.set(key, module);
  }
  return module;
}

/**
 * Runs the TS config `file` (its text is `source`) on the fast path; `undefined` when it has to go to jiti.
 * Errors thrown by the config's code (or by a module it imports) propagate as they are.
 */
export async function evaluateFast(file: string, source: string): Promise<ModuleExports | undefined> {
  if (!FAST_FILE.test(file) || REQUIRE_WORD.test(source) || IMPORT_META_AFTER_QUOTE.test(source)) return undefined;
  let code: string;
  try {
    code = sucraseModule().transform(source, transformOptions(file)).code;
  } catch {
    // a syntax error: jiti reports it, with its position, as before
    return undefined;
  }
  const targets = new Map<string, ImportTarget>();
  for (const match of code.matchAll(REQUIRE_CALL)) {
    const specifier = match[2] as string;
    if (targets.has(specifier)) continue;
    const target = importTarget(specifier, file);
    if (target === undefined) return undefined;
    targets.set(specifier, target);
  }
  let run: Wrapped;
  try {
    run = compile(code.replace(IMPORT_META, META_PARAMETER), file);
  } catch {
    return undefined;
  }
  const modules = new Map<string, unknown>();
  for (const [specifier, target] of targets) modules.set(specifier, await load(target, file));
  const require = (specifier: string): unknown => {
    if (modules.has(specifier)) return modules.get(specifier);
    throw new Error(`Cannot find module '${specifier}' from ${file}`);
  };
  const module = { exports: {} as Record<string, unknown>, id: file, filename: file, loaded: false };
  const meta = { url: pathToFileURL(file).href, filename: file, dirname: dirname(file) };
  await run.call(undefined, module.exports, require, module, file, dirname(file), meta);
  module.loaded = true;
  return readExports(module.exports, { source, by: 'sucrase' });
}
