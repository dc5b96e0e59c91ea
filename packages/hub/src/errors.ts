import { EngError } from '@eng/internal';

/** Stable codes of {@link HubError}. */
export type HubErrorCode =
  | 'BAD_PATH'
  | 'PACKAGE_NOT_FOUND'
  | 'CONFIG_NOT_FOUND'
  | 'NO_MODEL_INDEX'
  | 'BAD_MODEL_INDEX'
  | 'MODEL_NOT_FOUND'
  | 'NO_WEIGHTS'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'IMPORT_FAILED';

/**
 * An error of the hub: a malformed `pkg::path`, a package that is not installed or ships no such config, a model
 * index that does not parse or validate (the message names the file and the entry), a model without weights, a
 * download that failed or whose sha256 does not match (the cache keeps nothing of it).
 */
export class HubError extends EngError<HubErrorCode> {}
