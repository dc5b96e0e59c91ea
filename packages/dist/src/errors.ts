import { EngError } from '@eng/internal';

/** Stable machine-readable reasons a distributed call failed. */
export type DistErrorCode =
  | 'INVALID_LAUNCHER'
  | 'INVALID_OPTIONS'
  | 'INVALID_ARGUMENT'
  | 'ALREADY_INITIALIZED'
  | 'MPI_UNAVAILABLE'
  | 'MPI_ERROR'
  | 'SIZE_MISMATCH'
  | 'SERIALIZE_ERROR'
  | 'ASYNC_PENDING';

/**
 * The one error class of @eng/dist: `code` says what went wrong.
 *
 * @example
 * ```ts
 * try {
 *   await initDist('mpi');
 * } catch (err) {
 *   if (DistError.isInstance(err) && err.code === 'MPI_UNAVAILABLE') console.log(err.message); // names the packages
 * }
 * ```
 */
export class DistError extends EngError<DistErrorCode> {}
