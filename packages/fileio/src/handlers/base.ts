import { decodeText, encodeText } from '../internal/text';

/** Options a handler receives from `load`/`dump` (everything but `fileFormat` and `backendArgs`). */
export interface HandlerOptions {
  /** Text encoding of the file. Default `'utf-8'`. */
  encoding?: string;
  /** Indentation for formats that have it (JSON, YAML). */
  indent?: number | string;
  [option: string]: unknown;
}

/**
 * Turns file content into values and back, for one or more file formats. Text formats (`strLike`) implement
 * the string pair; binary formats set `strLike = false` and implement the bytes pair.
 */
export interface FileHandler {
  readonly strLike: boolean;
  loadFromString(text: string, options?: HandlerOptions): unknown;
  loadFromBytes(bytes: Uint8Array, options?: HandlerOptions): unknown;
  dumpToString(obj: unknown, options?: HandlerOptions): string;
  dumpToBytes(obj: unknown, options?: HandlerOptions): Uint8Array;
}

/**
 * Base class for file-format handlers (MMEngine's `BaseFileHandler`): implement `loadFromString` and
 * `dumpToString`; the bytes versions encode and decode text.
 *
 * @example
 * ```ts
 * class CsvHandler extends BaseFileHandler {
 *   loadFromString(text: string) { return text.trim().split('\n').map((l) => l.split(',')); }
 *   dumpToString(rows: unknown) { return (rows as string[][]).map((r) => r.join(',')).join('\n') + '\n'; }
 * }
 * registerHandler(new CsvHandler(), 'csv');
 * ```
 */
export abstract class BaseFileHandler implements FileHandler {
  readonly strLike: boolean = true;

  abstract loadFromString(text: string, options?: HandlerOptions): unknown;
  abstract dumpToString(obj: unknown, options?: HandlerOptions): string;

  loadFromBytes(bytes: Uint8Array, options: HandlerOptions = {}): unknown {
    return this.loadFromString(decodeText(bytes, options.encoding), options);
  }

  dumpToBytes(obj: unknown, options: HandlerOptions = {}): Uint8Array {
    return encodeText(this.dumpToString(obj, options), options.encoding);
  }
}
