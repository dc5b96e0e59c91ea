// Registers the package's metrics and evaluator in the root registries of @eng/registry (importing the package does
// it), and tells the registries' types what they build.
import { registerBuiltins } from '@eng/internal';
import { EVALUATOR, METRICS } from '@eng/registry';
import { Evaluator } from './evaluator/evaluator';
import type { BaseMetric } from './metric/base-metric';
import { DumpResults } from './metric/dump-results';
import { Accuracy } from './metrics/accuracy';

declare module '@eng/registry' {
  interface RootRegistryBuilds {
    /** Metrics (`Accuracy`, `DumpResults`, yours). */
    METRICS: BaseMetric;
    /** The `Evaluator`. */
    EVALUATOR: Evaluator;
  }
}

const OWNER = '@eng/evaluator';
registerBuiltins(METRICS, OWNER, { Accuracy, DumpResults });
registerBuiltins(EVALUATOR, OWNER, { Evaluator });
