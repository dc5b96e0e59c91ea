import { RandomStream } from '@eng/internal';
import { nextSeed } from '@eng/tensor-gpu';

/** What a pipeline passes along: a record of results (`img`, `img_shape`, `gt_label`, ...). */
export type Results = Record<string, unknown>;

/**
 * The context a pipeline runs in. `random` is the sample's own seeded stream: every random draw of a transform
 * comes from it, so a sample's augmentation depends only on the loader's seed, the epoch and the sample's position,
 * never on which worker ran it or what ran before.
 */
export interface TransformContext {
  readonly random: RandomStream;
}

/** A transform's result: the results, `null` to drop the sample (the dataset refetches another), or a promise. */
export type TransformOutput = Results | null | Promise<Results | null>;

/** Anything a pipeline accepts: a {@link BaseTransform} or a plain function of the same shape. */
export type TransformFunction = (results: Results, context: TransformContext) => TransformOutput;

/**
 * A context for a transform called on its own (outside a dataset or loader): its stream comes from the global
 * seeded stream of `@eng/tensor-gpu`, so `setRandomSeed(n)` makes such calls reproducible too.
 */
export function standaloneContext(): TransformContext {
  return { random: new RandomStream(nextSeed()) };
}

/**
 * The base of every data transform (MMCV's `BaseTransform`): subclasses implement `transform(results, context)`,
 * returning the new results, `null` to drop the sample, or a promise of either.
 *
 * @example
 * class AddOne extends BaseTransform {
 *   transform(results: Results) { return { ...results, value: (results.value as number) + 1 }; }
 * }
 * new AddOne().transform({ value: 1 }); // { value: 2 }
 */
export abstract class BaseTransform {
  abstract transform(results: Results, context?: TransformContext): TransformOutput;

  /** The stream a random transform draws from: the context's, or a standalone one when called on its own. */
  protected randomOf(context: TransformContext | undefined): RandomStream {
    return (context ?? standaloneContext()).random;
  }
}

/** Runs one pipeline step, giving a function or a transform the same call. */
export function applyTransform(
  step: BaseTransform | TransformFunction,
  results: Results,
  context: TransformContext,
): TransformOutput {
  return typeof step === 'function' ? step(results, context) : step.transform(results, context);
}
