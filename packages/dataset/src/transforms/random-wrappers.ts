import { describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../errors';
import { BaseTransform, type Results, type TransformContext, type TransformOutput } from './base-transform';
import { Compose, type TransformInput } from './compose';

export interface RandomChoiceOptions {
  /** The candidate pipelines, each a list of steps (a single step counts as a pipeline of one). */
  transforms: ReadonlyArray<TransformInput | readonly TransformInput[]>;
  /** The probability of each pipeline (summing to 1); uniform when absent. */
  prob?: number[] | null;
}

export interface RandomApplyOptions {
  /** The steps to apply, together, with probability `prob`. */
  transforms: TransformInput | readonly TransformInput[];
  /** Default 0.5. */
  prob?: number;
}

const stepList = z.union([z.custom<TransformInput>((v) => !Array.isArray(v)), z.array(z.custom<TransformInput>())]);

const pipelineOf = (steps: TransformInput | readonly TransformInput[]): Compose =>
  new Compose(Array.isArray(steps) ? (steps as readonly TransformInput[]) : [steps as TransformInput]);

/**
 * MMCV's `RandomChoice`: runs one of several pipelines, picked per sample with the probabilities `prob`.
 *
 * @example
 * const choice = new RandomChoice({ transforms: [[(r) => ({ ...r, flip: true })], [(r) => ({ ...r, flip: false })]] });
 * typeof choice.transform({}).flip; // 'boolean'
 */
export class RandomChoice extends BaseTransform {
  static readonly optionsSchema = optionsSchema<RandomChoiceOptions>({
    transforms: z.array(stepList),
    prob: z.array(z.number()).nullable().optional(),
  } satisfies ShapeOf<RandomChoiceOptions>);

  readonly transforms: readonly Compose[];
  readonly prob: readonly number[] | null;
  private readonly _cumulative: number[];

  constructor(options: RandomChoiceOptions) {
    super();
    const { transforms, prob = null } = options;
    if (!Array.isArray(transforms) || transforms.length === 0) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `RandomChoice: transforms should be a non-empty list of pipelines, got ${describe(transforms)}`,
      );
    }
    if (prob !== null) {
      if (prob.length !== transforms.length) {
        throw new DatasetError(
          'BAD_OPTIONS',
          `RandomChoice: transforms and prob must have the same length, got ${transforms.length} vs ${prob.length}`,
        );
      }
      const sum = prob.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-6 || prob.some((p) => p < 0)) {
        throw new DatasetError(
          'BAD_OPTIONS',
          `RandomChoice: prob should be non-negative and sum to 1, got [${prob.join(', ')}] (sum ${sum})`,
        );
      }
    }
    this.prob = prob;
    this.transforms = withConfigPath('transforms', () =>
      transforms.map((steps, i) => withConfigPath(`[${i}]`, () => pipelineOf(steps))),
    );
    let acc = 0;
    this._cumulative = (prob ?? transforms.map(() => 1 / transforms.length)).map((p) => (acc += p));
  }

  /** The index of the pipeline to run, drawn from the sample's stream. */
  randomPipelineIndex(context?: TransformContext): number {
    const u = this.randomOf(context).random();
    const i = this._cumulative.findIndex((c) => u < c);
    return i === -1 ? this.transforms.length - 1 : i;
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    const ctx = context ?? { random: this.randomOf(undefined) };
    return (this.transforms[this.randomPipelineIndex(ctx)] as Compose).transform(results, ctx);
  }
}

/**
 * MMCV's `RandomApply`: runs its steps with probability `prob`, otherwise passes the results through.
 *
 * @example
 * const maybe = new RandomApply({ transforms: [(r) => ({ ...r, applied: true })], prob: 1 });
 * maybe.transform({}); // { applied: true }
 */
export class RandomApply extends BaseTransform {
  static readonly optionsSchema = optionsSchema<RandomApplyOptions>({
    transforms: stepList,
    prob: z.number().min(0).max(1).optional(),
  } satisfies ShapeOf<RandomApplyOptions>);

  readonly transforms: Compose;
  readonly prob: number;

  constructor(options: RandomApplyOptions) {
    super();
    this.prob = options.prob ?? 0.5;
    this.transforms = withConfigPath('transforms', () => pipelineOf(options.transforms));
  }

  /** Whether to apply, drawn from the sample's stream. */
  randomApply(context?: TransformContext): boolean {
    return this.randomOf(context).random() < this.prob;
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    const ctx = context ?? { random: this.randomOf(undefined) };
    return this.randomApply(ctx) ? this.transforms.transform(results, ctx) : results;
  }
}
