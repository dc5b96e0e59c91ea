// TS/JS configs are modules, evaluated with jiti: it runs .ts/.mts/.cts and ESM/CJS .js files in Node
// without a build step, keeps a transpile cache on disk and a module cache in memory, and is already a
// dependency of the tool chain. Such configs RUN CODE: load them only from sources you trust.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createJiti, Jiti } from 'jiti';
import { ConfigError, ConfigParseError } from '../errors';
import { type EvaluatedSource, frameIn, originalPosition, transpiled } from './throw-position';

let jitiInstance: Promise<Jiti> | undefined;
let makeJiti: typeof createJiti | undefined;

export function getJiti(): Promise<Jiti> {
  jitiInstance ??= import('jiti').then(({ createJiti }) => {
    makeJiti = createJiti;
    return createJiti(join(process.cwd(), '__eng_config__.js'), { moduleCache: true, interopDefault: false });
  });
  return jitiInstance;
}

export interface ModuleExports {
  /** the default export (or module.exports): the config object or a function returning it */
  config: unknown;
  /** the named export `_base_`, if any */
  base: unknown;
}

/** What a module namespace holds, for both ESM (`export default`) and CJS (`module.exports =`) configs. */
function readExports(ns: unknown): ModuleExports {
  const mod = (ns ?? {}) as Record<string, unknown>;
  const hasDefault = Object.hasOwn(mod, 'default');
  return {
    config: hasDefault ? mod.default : mod,
    base: Object.hasOwn(mod, '_base_') && hasDefault ? mod._base_ : undefined,
  };
}

let mapperInstance: Jiti | undefined;

/** A jiti like {@link getJiti}'s that writes inline source maps, used only to place an error in a TS file. */
function sourceMapper(jiti: Jiti): Jiti {
  mapperInstance ??= makeJiti?.(join(process.cwd(), '__eng_config_map__.js'), {
    moduleCache: false,
    interopDefault: false,
    sourceMaps: true,
  });
  return mapperInstance ?? jiti;
}

let firstLineOffset: Promise<number | undefined> | undefined;

/**
 * How many columns further right than in the transpiled code V8 places a frame on the first line of code that
 * jiti evaluated: the length of jiti's function wrapper, less what Node's source-map support takes off for the
 * CommonJS wrapper when it is on. Measured once, on a module that throws at a known column.
 */
function measureFirstLineOffset(jiti: Jiti): Promise<number | undefined> {
  firstLineOffset ??= (async () => {
    const file = join(process.cwd(), '__eng_config_first_line__.js');
    const source = 'throw new Error();\n';
    try {
      await jiti.evalModule(source, { filename: file, id: file, async: true, forceTranspile: true });
    } catch (error) {
      const at = frameIn(file, error);
      const column = transpiled(source, file, sourceMapper(jiti)).split('\n')[0]?.indexOf('new Error') ?? -1;
      if (at !== undefined && at.line === 1 && column >= 0) return at.column - 1 - column;
    }
    return undefined;
  })();
  return firstLineOffset;
}

/** `file:line:column` of the frame of `error` inside the config file, in the file as written. */
export async function throwSite(
  file: string,
  error: unknown,
  evaluated: EvaluatedSource,
  jiti: Jiti,
): Promise<string | undefined> {
  const at = frameIn(file, error);
  if (at === undefined) return undefined;
  const offset = at.line === 1 && evaluated.transpiled ? await measureFirstLineOffset(jiti) : undefined;
  const position = originalPosition(at, file, evaluated, () => sourceMapper(jiti), offset);
  return `${file}:${position.line}:${position.column}`;
}

/** The error of a config module that threw while it was evaluated (or while its default export function ran). */
export function moduleThrew(file: string, error: unknown, site: string | undefined): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new ConfigError('MODULE_CONFIG', `Evaluating config ${site ?? file} failed: ${name}${message}`, {
    file,
    cause: error,
  });
}

/** {@link moduleThrew} for an error thrown by the default export function of a config module. */
export async function configFunctionThrew(
  file: string,
  error: unknown,
  evaluated: EvaluatedSource,
): Promise<ConfigError> {
  return moduleThrew(file, error, await throwSite(file, error, evaluated, await getJiti()));
}

async function wrapError(file: string, error: unknown, evaluated: EvaluatedSource, jiti: Jiti): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const at = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(message);
  // a SyntaxError with a frame in the file was thrown by its code as it ran (`JSON.parse`), not by the parser
  const ran = frameIn(file, error) !== undefined;
  if (!ran && error instanceof Error && (error.name === 'SyntaxError' || /ParseError|SyntaxError/.test(message))) {
    const reason = message.split('\n')[0]?.replace(/^(Error: )?(ParseError|SyntaxError): /, '') ?? message;
    const position = at ? { line: Number(at[1]), column: Number(at[2]) + 1 } : undefined;
    return new ConfigParseError(file, reason.trim(), position, error);
  }
  return moduleThrew(file, error, await throwSite(file, error, evaluated, jiti));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const loaded = new Map<string, string>();

/** Extensions jiti always transpiles (other JS may run natively, as written). */
export const TS_FILE = /\.[cm]?tsx?$/;

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Imports a config module. `stamp` identifies the file's version (mtime and size); when it changes the
 * source is evaluated again instead of served from the module cache.
 */
export async function importConfigModule(file: string, stamp: string): Promise<ModuleExports> {
  const jiti = await getJiti();
  try {
    const previous = loaded.get(file);
    let ns: unknown;
    if (previous === undefined || previous === stamp) {
      ns = await jiti.import(file);
    } else {
      delete jiti.cache[file];
      ns = await jiti.evalModule(readFileSync(file, 'utf8'), { filename: file, id: file, async: true });
    }
    loaded.set(file, stamp);
    return readExports(ns);
  } catch (error) {
    // a module that throws when Node imports it natively is evaluated again, transpiled, by jiti: the error
    // always comes from transpiled code
    throw await wrapError(file, error, { source: readSource(file), transpiled: true }, jiti);
  }
}

/** Evaluates the source of a TS/JS config that has no file of its own (`Config.fromString`). */
export async function evalConfigModule(source: string, filename: string): Promise<ModuleExports> {
  const jiti = await getJiti();
  try {
    return readExports(await jiti.evalModule(source, { filename, id: filename, async: true, forceTranspile: true }));
  } catch (error) {
    throw await wrapError(filename, error, { source, transpiled: true }, jiti);
  }
}

/** Imports a module named in `custom_imports`, resolved from the config file that names it. */
export async function importCustomModule(specifier: string, fromFile: string): Promise<unknown> {
  const jiti = await getJiti();
  const resolved =
    specifier.startsWith('.') || isAbsolute(specifier)
      ? resolve(dirname(fromFile), specifier)
      : jiti.esmResolve(specifier, { parentURL: pathToFileURL(fromFile).href });
  return jiti.import(resolved.startsWith('file:') ? fileURLToPath(resolved) : resolved);
}
