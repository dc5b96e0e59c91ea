import { EngError } from '@eng/internal';

export type RegistryErrorCode =
  | 'UNKNOWN_TYPE'
  | 'MISSING_TYPE'
  | 'DUPLICATE_NAME'
  | 'INVALID_NAME'
  | 'DUPLICATE_SCOPE'
  | 'BUILD_FAILED'
  | 'INVALID_OPTIONS'
  | 'NO_INSTANCE';

export interface RegistryErrorDetails {
  registry?: string | undefined;
  scope?: string | undefined;
  /**
   * The key path of the config that failed, inside the config being built (`''` for the top-level one), under the
   * path given to `withConfigPath` (`optim_wrapper.optimizer`).
   */
  configPath?: string | undefined;
  cause?: unknown;
}

/**
 * Every error the registry raises about registrations and builds (wrong argument types are `TypeError`s).
 * `code` is stable; the message names the registry, its scope and the config path involved.
 */
export class RegistryError extends EngError<RegistryErrorCode> {
  readonly registry: string | undefined;
  readonly scope: string | undefined;
  readonly configPath: string | undefined;

  constructor(code: RegistryErrorCode, message: string, details: RegistryErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.registry = details.registry;
    this.scope = details.scope;
    this.configPath = details.configPath;
  }
}

/** A class or function that threw while being built; `cause` is what it threw. */
export class BuildError extends RegistryError {
  /** The `type` that was being built. */
  readonly type: string;

  constructor(message: string, type: string, details: RegistryErrorDetails) {
    super('BUILD_FAILED', message, details);
    this.type = type;
  }
}
