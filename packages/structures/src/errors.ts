import { EngError } from '@eng/internal';

/** Stable codes of {@link StructuresError}. */
export type StructuresErrorCode =
  | 'RESERVED_FIELD'
  | 'NO_FIELD'
  | 'EMPTY_CAT'
  | 'INDEX_OUT_OF_RANGE'
  | 'BAD_INDEX'
  | 'BAD_ONEHOT'
  | 'BAD_LABEL'
  | 'NOT_A_TENSOR'
  | 'BAD_RANK';

/** An error of a data element: a field that is reserved, missing, or of the wrong shape, or a bad index. */
export class StructuresError extends EngError<StructuresErrorCode> {}
