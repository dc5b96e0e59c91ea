import { EngError } from '@eng/internal';

/** Stable codes of {@link ModelError}, grouped by where they arise. */
export type ModelErrorCode =
  // the module tree
  | 'INVALID_NAME'
  | 'NAME_TAKEN'
  | 'NO_SUBMODULE'
  | 'NO_PARAMETER'
  | 'NO_BUFFER'
  | 'SHAPE_MISMATCH'
  | 'STATE_DICT_MISMATCH'
  | 'INDEX_OUT_OF_RANGE'
  | 'NOT_IMPLEMENTED'
  // layers and their inputs
  | 'BAD_INPUT_RANK'
  | 'BAD_INPUT_SHAPE'
  | 'BAD_INDEX'
  | 'BAD_GROUPS'
  | 'BAD_PADDING'
  | 'UNSUPPORTED_OPTION'
  // models, data preprocessors, TTA and averaged models
  | 'BAD_OPTIONS'
  | 'BAD_DEPTH'
  | 'BAD_MODE'
  | 'NO_LABELS'
  | 'BAD_LABELS'
  | 'LABEL_OUT_OF_RANGE'
  | 'BAD_LOGITS'
  | 'NO_LOSS'
  | 'EMPTY_BATCH'
  | 'BAD_BATCH'
  | 'BAD_TTA_BATCH'
  | 'BAD_PREDICTIONS'
  | 'AVERAGED_KEY_MISSING'
  // weight initialization and checkpoints
  | 'FAN_UNDEFINED'
  | 'INVALID_MODE'
  | 'UNSUPPORTED_NONLINEARITY'
  | 'NOT_AN_INITIALIZER'
  | 'OVERRIDE_NEEDS_NAME'
  | 'OVERRIDE_NEEDS_TYPE'
  | 'OVERRIDE_TARGET_MISSING'
  | 'NO_INIT_INFO'
  | 'NEW_PARAMETER_DURING_INIT'
  | 'BAD_CHECKPOINT'
  | 'PREFIX_NOT_FOUND';

/** Errors of @eng/model: each has a stable `code` so callers can branch on the kind of failure. */
export class ModelError extends EngError<ModelErrorCode> {}

/** One key whose shape differs between a state dict and the module. */
export interface ShapeMismatch {
  key: string;
  expected: number[];
  got: number[];
}

/** What `loadStateDict` found: keys the module has and the state lacks, the reverse, and shape mismatches. */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
  mismatchedKeys: ShapeMismatch[];
}

/** A state dict that does not fit the module: missing/unexpected keys (strict) or shape mismatches. */
export class StateDictError extends ModelError {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
  readonly mismatchedKeys: ShapeMismatch[];

  constructor(message: string, report: LoadStateDictResult) {
    super('STATE_DICT_MISMATCH', message);
    this.missingKeys = report.missingKeys;
    this.unexpectedKeys = report.unexpectedKeys;
    this.mismatchedKeys = report.mismatchedKeys;
  }
}
