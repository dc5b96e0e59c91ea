import { EngError } from '@eng/internal';

/** Why a safetensors file or buffer was refused (stable; the message names the file and the tensor). */
export type SafetensorsErrorCode =
  | 'TRUNCATED'
  | 'HEADER_TOO_LARGE'
  | 'BAD_HEADER'
  | 'BAD_METADATA'
  | 'BAD_ENTRY'
  | 'UNSUPPORTED_DTYPE'
  | 'SIZE_MISMATCH'
  | 'BAD_OFFSETS'
  | 'NO_SUCH_TENSOR';

/**
 * A safetensors file (or buffer) that does not follow the format, or a tensor it does not hold.
 *
 * @example
 * ```ts
 * try {
 *   parseSafetensors(new Uint8Array(4));
 * } catch (error) {
 *   if (SafetensorsError.isInstance(error)) console.log(error.code); // 'TRUNCATED'
 * }
 * ```
 */
export class SafetensorsError extends EngError<SafetensorsErrorCode> {}
