/** @packageDocumentation Metrics and the Evaluator: BaseMetric, Evaluator, Accuracy, DumpResults. */
import './register';

export { EvaluatorError, type EvaluatorErrorCode } from './errors';
export { Evaluator, type EvaluatorOptions } from './evaluator/evaluator';
export { BaseMetric, type BaseMetricOptions } from './metric/base-metric';
export { DumpResults, type DumpResultsOptions } from './metric/dump-results';
export { toPlain } from './metric/to-plain';
export { Accuracy, type AccuracyOptions, classIndex } from './metrics/accuracy';
