import { FileIOError } from './errors';
import type { HandlerOptions } from './handlers/base';
import { getHandler } from './handlers/registry';
import { uriExtension } from './internal/uri';
import { type IOOptions, resolveBackend } from './io';

export interface LoadOptions extends IOOptions, HandlerOptions {
  /** The format (`json`, `yaml`, `yml`, `jsonl`, `txt`, or a registered one). Default: the file's extension. */
  fileFormat?: string;
}

export type DumpOptions = LoadOptions;

function split(options: LoadOptions): [fileFormat: string | undefined, IOOptions, HandlerOptions] {
  const { fileFormat, backendArgs, ...handlerOptions } = options;
  return [fileFormat, { backendArgs }, handlerOptions];
}

function formatOf(uri: string, fileFormat: string | undefined): string {
  const format = fileFormat ?? uriExtension(uri);
  if (format === '') {
    throw new FileIOError(
      'UNSUPPORTED_FORMAT',
      `Cannot tell the file format of '${uri}' from its name; pass { fileFormat: 'json' } (or yaml, jsonl, txt, ...)`,
      { uri },
    );
  }
  return format;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads a file from any backend and parses it by its format (inferred from the extension unless
 * `fileFormat` is given).
 *
 * @example
 * ```ts
 * const cfg = await load('configs/model.yaml');
 * const records = await load('memory://preds.jsonl');
 * const remote = await load('https://host/meta.json');
 * ```
 */
export async function load(uriOrPath: string, options: LoadOptions = {}): Promise<unknown> {
  const [fileFormat, io, handlerOptions] = split(options);
  const format = formatOf(uriOrPath, fileFormat);
  const handler = getHandler(format, uriOrPath);
  const { backend, uri } = resolveBackend(uriOrPath, io.backendArgs);
  const content = handler.strLike
    ? await backend.getText(uri, { encoding: handlerOptions.encoding ?? 'utf-8' })
    : await backend.get(uri);
  try {
    return typeof content === 'string'
      ? handler.loadFromString(content, handlerOptions)
      : handler.loadFromBytes(content, handlerOptions);
  } catch (cause) {
    throw new FileIOError('PARSE_ERROR', `Cannot load '${uriOrPath}' as ${format}: ${message(cause)}`, {
      uri: uriOrPath,
      cause,
    });
  }
}

/**
 * Serialises `obj` by format: to a string when no file is given (then `fileFormat` is required), otherwise
 * to the file on its backend (atomically on the local disk).
 *
 * @example
 * ```ts
 * const text = await dump({ a: 1 }, undefined, { fileFormat: 'yaml' }); // 'a: 1\n'
 * await dump({ a: 1 }, 'work_dirs/exp/cfg.json', { indent: 2 });
 * ```
 */
export function dump(obj: unknown, uriOrPath?: undefined | null, options?: DumpOptions): Promise<string>;
export function dump(obj: unknown, uriOrPath: string, options?: DumpOptions): Promise<void>;
// biome-ignore lint/suspicious/noConfusingVoidType: the contract's `Promise<string | void>`
export function dump(obj: unknown, uriOrPath?: string | null, options?: DumpOptions): Promise<string | void>;
export async function dump(
  obj: unknown,
  uriOrPath?: string | null,
  options: DumpOptions = {},
  // biome-ignore lint/suspicious/noConfusingVoidType: see the overload above
): Promise<string | void> {
  const [fileFormat, io, handlerOptions] = split(options);
  if (uriOrPath == null && fileFormat === undefined) {
    throw new FileIOError('INVALID_ARGUMENT', 'dump needs { fileFormat } when no file is given to infer it from');
  }
  const format = uriOrPath == null ? fileFormat! : formatOf(uriOrPath, fileFormat);
  const handler = getHandler(format, uriOrPath ?? undefined);
  const where = uriOrPath == null ? '' : ` for '${uriOrPath}'`;
  const serialise = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (cause) {
      throw new FileIOError('SERIALIZE_ERROR', `Cannot dump the value as ${format}${where}: ${message(cause)}`, {
        uri: uriOrPath ?? undefined,
        cause,
      });
    }
  };
  if (uriOrPath == null) return serialise(() => handler.dumpToString(obj, handlerOptions));
  const { backend, uri } = resolveBackend(uriOrPath, io.backendArgs);
  if (handler.strLike) {
    const text = serialise(() => handler.dumpToString(obj, handlerOptions));
    await backend.putText(text, uri, { encoding: handlerOptions.encoding ?? 'utf-8' });
  } else {
    await backend.put(
      serialise(() => handler.dumpToBytes(obj, handlerOptions)),
      uri,
    );
  }
}
