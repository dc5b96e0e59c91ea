import { didYouMean } from '@eng/internal';
import { FileIOError } from '../errors';
import type { FileHandler } from './base';
import { JsonHandler } from './json';
import { JsonlHandler } from './jsonl';
import { TextHandler } from './text';
import { YamlHandler } from './yaml';

const handlers = new Map<string, FileHandler>();
let builtinsRegistered = false;

function ensureBuiltins(): void {
  if (builtinsRegistered) return;
  builtinsRegistered = true;
  const yaml = new YamlHandler();
  handlers.set('json', new JsonHandler());
  handlers.set('yaml', yaml);
  handlers.set('yml', yaml);
  handlers.set('jsonl', new JsonlHandler());
  handlers.set('txt', new TextHandler());
}

function normalizeFormat(format: string): string {
  return format.replace(/^\./, '');
}

/**
 * Makes `handler` load and dump the given file formats (extensions without the dot), replacing any
 * handler those formats had, as MMEngine's `register_handler`. A handler class with a no-argument
 * constructor is accepted too.
 *
 * @example
 * ```ts
 * registerHandler(new TextHandler(), ['log', 'md']);
 * await load('run.log'); // the text
 * ```
 */
export function registerHandler(
  handler: FileHandler | (new () => FileHandler),
  fileFormats: string | readonly string[],
): void {
  ensureBuiltins();
  const instance = typeof handler === 'function' ? new handler() : handler;
  const ok =
    instance != null &&
    typeof instance.loadFromString === 'function' &&
    typeof instance.dumpToString === 'function' &&
    typeof instance.loadFromBytes === 'function' &&
    typeof instance.dumpToBytes === 'function';
  if (!ok) {
    throw new FileIOError(
      'INVALID_ARGUMENT',
      'A file handler must implement loadFromString, loadFromBytes, dumpToString and dumpToBytes (extend BaseFileHandler)',
    );
  }
  const formats = typeof fileFormats === 'string' ? [fileFormats] : fileFormats;
  if (!Array.isArray(formats) || formats.length === 0 || formats.some((f) => typeof f !== 'string' || f === '')) {
    throw new FileIOError('INVALID_ARGUMENT', 'fileFormats must be a non-empty string or an array of them');
  }
  for (const format of formats) handlers.set(normalizeFormat(format), instance);
}

/** The handler of a file format; `UNSUPPORTED_FORMAT` with the known formats when there is none. */
export function getHandler(fileFormat: string, uri?: string): FileHandler {
  ensureBuiltins();
  const format = normalizeFormat(fileFormat);
  const handler = handlers.get(format) ?? handlers.get(format.toLowerCase());
  if (handler) return handler;
  const where = uri === undefined ? '' : ` (for '${uri}')`;
  const hint = didYouMean(format, handlers.keys());
  throw new FileIOError(
    'UNSUPPORTED_FORMAT',
    `Unsupported file format '${format}'${where}; registered formats: ${[...handlers.keys()].sort().join(', ')}.` +
      `${hint && ` ${hint}`} Pass { fileFormat } or add one with registerHandler(handler, '${format}').`,
    { uri },
  );
}

/** The file formats that have a handler. */
export function listFileFormats(): string[] {
  ensureBuiltins();
  return [...handlers.keys()].sort();
}
