import { EngError } from '@eng/internal';

/** Stable codes of {@link DatasetError}. */
export type DatasetErrorCode =
  | 'NO_ANN_FILE'
  | 'BAD_ANN_FILE'
  | 'BAD_RECORD'
  | 'BAD_METAINFO'
  | 'BAD_OPTIONS'
  | 'BAD_INDEX'
  | 'NOT_INITIALIZED'
  | 'REFETCH_EXHAUSTED'
  | 'BAD_TRANSFORM'
  | 'TRANSFORM_FAILED'
  | 'BAD_IMAGE'
  | 'BAD_BATCH'
  | 'NO_DATA'
  | 'WORKER_FAILED'
  | 'LOADER_CLOSED';

/**
 * An error of a dataset, transform, sampler or loader. Messages name the file, the record's 0-based index and the
 * key when there is one.
 */
export class DatasetError extends EngError<DatasetErrorCode> {}
