/** Stable codes carried by every error this package throws. */
export type ConfigErrorCode =
  | 'E_FILE_NOT_FOUND'
  | 'E_UNSUPPORTED_FORMAT'
  | 'E_PARSE'
  | 'E_BASE_INVALID'
  | 'E_BASE_CYCLE'
  | 'E_BASE_DUPLICATE_KEY'
  | 'E_BASE_REF'
  | 'E_PACKAGE_CONFIG'
  | 'E_MERGE_TYPE'
  | 'E_LIST_INDEX'
  | 'E_ENV_VAR'
  | 'E_RESERVED_KEY'
  | 'E_UNSAFE_KEY'
  | 'E_KEY_PATH'
  | 'E_CUSTOM_IMPORT'
  | 'E_MODULE_CONFIG'
  | 'E_CFG_OPTION'
  | 'E_DUMP';

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
 */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly file: string | undefined;
  readonly keyPath: string | undefined;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails = {}) {
    super(compose(message, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ConfigError';
    this.code = code;
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
    super('E_PARSE', `Failed to parse config ${at}: ${reason}`, { file, cause });
    this.name = 'ConfigParseError';
    this.line = position?.line;
    this.column = position?.column;
  }
}

/**
 * MMEngine's `TypeError` of the merge: a dict in the child config over a value of another type in its base
 * (or a list key given while `allowListKeys` is off). It is a real `TypeError`, with the same `code`,
 * `file` and `keyPath` fields as {@link ConfigError}.
 */
export class ConfigTypeError extends TypeError {
  readonly code: ConfigErrorCode;
  readonly file: string | undefined;
  readonly keyPath: string | undefined;

  constructor(code: ConfigErrorCode, message: string, details: ConfigErrorDetails = {}) {
    super(compose(message, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ConfigTypeError';
    this.code = code;
    this.file = details.file;
    this.keyPath = details.keyPath;
  }
}

export function isConfigError(error: unknown): error is ConfigError | ConfigTypeError {
  return error instanceof ConfigError || error instanceof ConfigTypeError;
}
