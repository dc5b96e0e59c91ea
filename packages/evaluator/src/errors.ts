import { EngError } from '@eng/internal';

/** Stable codes of {@link EvaluatorError}. */
export type EvaluatorErrorCode = 'DUPLICATE_METRIC' | 'BAD_OPTIONS' | 'BAD_PREDICTION' | 'NOT_SUPPORTED';

/** An error of a metric or the evaluator: a bad option, a prediction it cannot read, two metrics with one name. */
export class EvaluatorError extends EngError<EvaluatorErrorCode> {}
