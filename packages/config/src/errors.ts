import { EngError, EngTypeError } from '@eng/internal';

/** Stable codes carried by every error this package throws. */
export type ConfigErrorCode =
  | 'FILE_NOT_FOUND'
  | 'UNSUPPORTED_FORMAT'
  | 'PARSE'
  | 'BASE_INVALID'
  | 'BASE_CYCLE'
  | 'BASE_DUPLICATE_KEY'
  | 'BASE_REF'
  | 'PACKAGE_CONFIG'
  | 'MERGE_TYPE'
  | 'LIST_INDEX'
  | 'ENV_VAR'
  | 'RESERVED_KEY'
  | 'UNSAFE_KEY'
  | 'KEY_PATH'
  | 'CUSTOM_IMPORT'
  | 'MODULE_CONFIG'
  | 'CFG_OPTION'
  | 'TOO_DEEP'
  | 'DUMP';

export interface ConfigErrorDetails {
  /** the config file involved, when there is one */
  file?: string | undefined;
  /** dotted key path inside the config, when one is involved */
  keyPath?: string | undefined;
  cause?: unknown;
}

function compose(message: string, details: ConfigErrorDetails): string {
  const where: string[] = [];
  if (details.keyPath !== undefined && !message.includes(details.keyPath)) where.push(`key "${details.keyPath}"`);
  if (details.file !== undefined && !message.includes(details.file)) where.push(`file ${details.file}`);
  return where.length > 0 ? `${message} (${where.join(', ')})` : message;
}

/**
 * Base error of @eng/config. `code` is stable; `file` and `keyPath` say where the problem is.
 * MMEngine raises KeyError / IOError / RuntimeError for these cases; here they are all ConfigErrors.
 *
 * @example
 * try {
 *   await Config.fromFile('configs/missing.ts');
 * } catch (error) {
 *   if (ConfigError.isInstance(error) && error.code === 'FILE_NOT_FOUND') console.log('no such config', error.file);
 * }
 */
export class ConfigError extends EngError<ConfigErrorCode> {
  readonly file: string | undefined;
  readonly keyPath: string | undefined;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails = {}) {
    super(code, compose(message, details), { cause: details.cause });
    this.file = details.file;
    this.keyPath = details.keyPath;
  }
}

/** A JSON or YAML syntax error (or a TS/JS config that failed to compile), with 1-based line and column. */
export class ConfigParseError extends ConfigError {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(file: string, reason: string, position: { line: number; column: number } | undefined, cause?: unknown) {
    const at = position ? `${file}:${position.line}:${position.column}` : file;
    super('PARSE', `Failed to parse config ${at}: ${reason}`, { file, cause });
    this.line = position?.line;
    this.column = position?.column;
  }
}

/**
 * MMEngine's `TypeError` of the merge: a dict in the child config over a value of another type in its base
 * (or a list key given while `allowListKeys` is off). It is a real `TypeError`, with the same `code`,
 * `file` and `keyPath` fields as {@link ConfigError}.
 */
export class ConfigTypeError extends EngTypeError<ConfigErrorCode> {
  readonly file: string | undefined;
  readonly keyPath: string | undefined;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails = {}) {
    super(code, compose(message, details), { cause: details.cause });
    this.file = details.file;
    this.keyPath = details.keyPath;
  }
}

/** Whether `error` is a {@link ConfigError} or a {@link ConfigTypeError}, from either build of the package. */
export function isConfigError(error: unknown): error is ConfigError | ConfigTypeError {
  return ConfigError.isInstance(error) || ConfigTypeError.isInstance(error);
}
