import { EngError } from '@eng/internal';

/** Stable codes of {@link StructuresError}. */
export type StructuresErrorCode =
  | 'RESERVED_FIELD'
  | 'FIELD_KIND'
  | 'NO_FIELD'
  | 'NOT_SIZED'
  | 'LENGTH_MISMATCH'
  | 'KEY_MISMATCH'
  | 'EMPTY_CAT'
  | 'NOT_CATTABLE'
  | 'NOT_INDEXABLE'
  | 'INDEX_OUT_OF_RANGE'
  | 'BAD_INDEX'
  | 'BAD_ONEHOT'
  | 'BAD_LABEL'
  | 'NOT_A_TENSOR'
  | 'BAD_RANK'
  | 'SHAPE_MISMATCH';

/**
 * An error of a data element: a field that is reserved, missing or already of the other kind, a value of the wrong
 * length or shape, or a bad index.
 */
export class StructuresError extends EngError<StructuresErrorCode> {}
