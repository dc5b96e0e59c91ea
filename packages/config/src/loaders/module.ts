// TS/JS configs are modules. A TS config runs on the fast path (fast-module.ts) when it can; jiti runs the rest
// (a TS config that imports other TS files, and .js/.mjs/.cjs configs, which jiti imports natively), without a
// transpile cache on disk. Such configs RUN CODE: load them only from sources you trust.
import { readFileSync } from 'node:fs';
import type { SourceMapPayload } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createJiti, Jiti, JitiOptions } from 'jiti';
import { ConfigError, ConfigParseError } from '../errors';
import { loaderEngines } from './engines';
import { evaluateFast, fastFirstLineShift, fastSourceMap } from './fast-module';
import * as self from '../index';
import { SELF_PACKAGE } from './import-target';
import { type ModuleExports, readExports } from './module-exports';
import { type EvaluatedSource, frameIn, mappedPosition } from './throw-position';

export type { ModuleExports } from './module-exports';

let jitiInstance: Promise<Jiti> | undefined;
let makeJiti: typeof createJiti | undefined;
let jitiOptions: JitiOptions | undefined;

export function getJiti(): Promise<Jiti> {
  jitiInstance ??= import('jiti').then(({ createJiti }) => {
    makeJiti = createJiti;
    // no disk cache: it kept one file per config path ever loaded, and a cold load gains little from it
    jitiOptions = {
      moduleCache: true,
      interopDefault: false,
      fsCache: false,
      virtualModules: { [SELF_PACKAGE]: self },
    };
    return createJiti(join(process.cwd(), '__eng_config__.js'), jitiOptions);
  });
  return jitiInstance;
}

let mapperInstance: Jiti | undefined;

/** A jiti like {@link getJiti}'s that writes inline source maps, used only to place an error in a TS file. */
function sourceMapper(jiti: Jiti): Jiti {
  mapperInstance ??= makeJiti?.(join(process.cwd(), '__eng_config_map__.js'), {
    ...jitiOptions,
    moduleCache: false,
    sourceMaps: true,
  });
  return mapperInstance ?? jiti;
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)/;

/** `source` transpiled as jiti evaluates it, with an inline source map. */
function jitiTranspiled(source: string, file: string, mapper: Jiti): string {
  return mapper.transform({ source, filename: file, ts: /\.[cm]?tsx?$/.test(file), async: true });
}

function jitiSourceMap(source: string, file: string, mapper: Jiti): SourceMapPayload | undefined {
  try {
    const inline = INLINE_MAP.exec(jitiTranspiled(source, file, mapper));
    return inline
      ? (JSON.parse(Buffer.from(inline[1] as string, 'base64').toString('utf8')) as SourceMapPayload)
      : undefined;
  } catch {
    return undefined;
  }
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
      const column = jitiTranspiled(source, file, sourceMapper(jiti)).split('\n')[0]?.indexOf('new Error') ?? -1;
      if (at !== undefined && at.line === 1 && column >= 0) return at.column - 1 - column;
    }
    return undefined;
  })();
  return firstLineOffset;
}

/** `file:line:column` of the frame of `error` inside the config file, in the file as written. */
async function throwSite(file: string, error: unknown, evaluated: EvaluatedSource): Promise<string | undefined> {
  const at = frameIn(file, error);
  if (at === undefined) return undefined;
  let position = at;
  if (evaluated.by === 'sucrase') {
    const column = at.line === 1 ? at.column - ((await fastFirstLineShift()) ?? Number.NaN) : at.column;
    position = mappedPosition(at, column, fastSourceMap(evaluated.source, file));
  } else if (evaluated.by === 'jiti') {
    const jiti = await getJiti();
    const column = at.line === 1 ? at.column - ((await measureFirstLineOffset(jiti)) ?? Number.NaN) : at.column;
    position = mappedPosition(at, column, jitiSourceMap(evaluated.source, file, sourceMapper(jiti)));
  }
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
  return moduleThrew(file, error, await throwSite(file, error, evaluated));
}

async function wrapError(file: string, error: unknown, evaluated: EvaluatedSource): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const at = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(message);
  // a SyntaxError with a frame in the file was thrown by its code as it ran (`JSON.parse`), not by the parser
  const ran = frameIn(file, error) !== undefined;
  if (!ran && error instanceof Error && (error.name === 'SyntaxError' || /ParseError|SyntaxError/.test(message))) {
    const reason = message.split('\n')[0]?.replace(/^(Error: )?(ParseError|SyntaxError): /, '') ?? message;
    const position = at ? { line: Number(at[1]), column: Number(at[2]) + 1 } : undefined;
    return new ConfigParseError(file, reason.trim(), position, error);
  }
  return moduleThrew(file, error, await throwSite(file, error, evaluated));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Extensions jiti always transpiles (other JS may run natively, as written). */
const TS_FILE = /\.[cm]?tsx?$/;

// the version (stamp) each file was last evaluated at, by the fast path (with its exports) and by jiti
const fastLoaded = new Map<string, { stamp: string; exports: ModuleExports }>();
const jitiLoaded = new Map<string, string>();

/**
 * Imports a config module whose text is `source`. `stamp` identifies the file's version (mtime and size); when
 * it changes the source is evaluated again instead of served from the module cache.
 */
export async function importConfigModule(file: string, stamp: string, source: string): Promise<ModuleExports> {
  const fast = fastLoaded.get(file);
  if (fast?.stamp === stamp) return fast.exports;
  if (loaderEngines.modules === 'sucrase') {
    let exports: ModuleExports | undefined;
    try {
      exports = await evaluateFast(file, source);
    } catch (error) {
      throw await wrapError(file, error, { source, by: 'sucrase' });
    }
    if (exports !== undefined) {
      fastLoaded.set(file, { stamp, exports });
      return exports;
    }
  }
  const jiti = await getJiti();
  try {
    const previous = jitiLoaded.get(file);
    let ns: unknown;
    if (previous === undefined || previous === stamp) {
      ns = await jiti.import(file);
    } else {
      delete jiti.cache[file];
      ns = await jiti.evalModule(readFileSync(file, 'utf8'), { filename: file, id: file, async: true });
    }
    jitiLoaded.set(file, stamp);
    return readExports(ns, { source, by: TS_FILE.test(file) ? 'jiti' : 'node' });
  } catch (error) {
    // a module that throws when Node imports it natively is evaluated again, transpiled, by jiti: the error
    // always comes from transpiled code
    throw await wrapError(file, error, { source, by: 'jiti' });
  }
}

/** Evaluates the source of a TS/JS config that has no file of its own (`Config.fromString`). */
export async function evalConfigModule(source: string, filename: string): Promise<ModuleExports> {
  if (loaderEngines.modules === 'sucrase') {
    let exports: ModuleExports | undefined;
    try {
      exports = await evaluateFast(filename, source);
    } catch (error) {
      throw await wrapError(filename, error, { source, by: 'sucrase' });
    }
    if (exports !== undefined) return exports;
  }
  const jiti = await getJiti();
  const evaluated: EvaluatedSource = { source, by: 'jiti' };
  try {
    const ns = await jiti.evalModule(source, { filename, id: filename, async: true, forceTranspile: true });
    return readExports(ns, evaluated);
  } catch (error) {
    throw await wrapError(filename, error, evaluated);
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
