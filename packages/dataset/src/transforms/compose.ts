import { describe } from '@eng/internal';
import { optionsSchema } from '@eng/internal/options';
import { TRANSFORMS, withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../errors';
import { isPromise } from '../is-promise';
import {
  applyTransform,
  BaseTransform,
  type Results,
  type TransformContext,
  type TransformFunction,
  type TransformOutput,
} from './base-transform';

/** A pipeline step as a config names it, an instance, or a function. */
export type TransformInput = BaseTransform | TransformFunction | { type: string | Function; [key: string]: unknown };

export interface ComposeOptions {
  /** The steps, in order: configs (built from `TRANSFORMS`), transforms or functions. */
  transforms?: readonly TransformInput[] | null;
}

/** Builds one step: configs through `TRANSFORMS` (under the config path `[i]`), instances and functions as given. */
export function buildTransform(step: TransformInput, index: number): BaseTransform | TransformFunction {
  if (typeof step === 'function' || step instanceof BaseTransform) return step;
  if (step !== null && typeof step === 'object' && 'type' in step) {
    const built = withConfigPath(`[${index}]`, () => TRANSFORMS.build(step as never)) as unknown;
    if (typeof built === 'function' || hasTransformMethod(built)) return built as BaseTransform | TransformFunction;
    throw new DatasetError(
      'BAD_TRANSFORM',
      `transforms[${index}]: ${describe(step.type)} built ${describe(built)}, which has no transform(results) method`,
    );
  }
  if (hasTransformMethod(step)) return step as BaseTransform;
  throw new DatasetError(
    'BAD_TRANSFORM',
    `transforms[${index}] must be a transform config ({ type: 'Name', ... }), a transform or a function, got ${describe(step)}`,
  );
}

function hasTransformMethod(value: unknown): boolean {
  return typeof (value as { transform?: unknown } | null)?.transform === 'function';
}

/** A step's name for messages: its class, or the function's name. */
export function stepName(step: BaseTransform | TransformFunction): string {
  if (typeof step === 'function') return step.name ? `function ${step.name}` : 'an anonymous function';
  return step.constructor.name;
}

/**
 * Records on an error which step threw it (the innermost one: a wrapper's own steps mark it first), as a
 * non-enumerable `transform` property that the loader's messages read.
 */
function markFailedStep(error: unknown, step: BaseTransform | TransformFunction): unknown {
  if (error !== null && typeof error === 'object' && !Object.hasOwn(error, 'transform') && Object.isExtensible(error)) {
    Object.defineProperty(error, 'transform', { value: stepName(step), enumerable: false, configurable: true });
  }
  return error;
}

/**
 * Runs `steps` in order on `results`, stopping at the first `null`. Stays synchronous while every step is; a
 * step that returns a promise makes the rest run after it.
 */
export function runSteps(
  steps: readonly (BaseTransform | TransformFunction)[],
  results: Results,
  context: TransformContext,
  start = 0,
): TransformOutput {
  let data: Results | null = results;
  for (let i = start; i < steps.length; i++) {
    const step = steps[i] as BaseTransform | TransformFunction;
    let out: TransformOutput;
    try {
      out = applyTransform(step, data, context);
    } catch (error) {
      throw markFailedStep(error, step);
    }
    if (isPromise(out)) {
      return out.then(
        (resolved) => (resolved === null ? null : runSteps(steps, resolved, context, i + 1)),
        (error: unknown) => {
          throw markFailedStep(error, step);
        },
      );
    }
    if (out === null) return null;
    data = out;
  }
  return data;
}

/**
 * A sequence of transforms applied in order (MMEngine's `Compose`); a step returning `null` ends the pipeline with
 * `null`, which a dataset answers by fetching another sample.
 *
 * @example
 * const pipeline = new Compose({ transforms: [(r) => ({ ...r, a: 1 }), (r) => ({ ...r, b: 2 })] });
 * pipeline.transform({}); // { a: 1, b: 2 }
 */
export class Compose extends BaseTransform {
  static readonly optionsSchema = optionsSchema<ComposeOptions>({
    transforms: z.array(z.custom<TransformInput>()).nullable().optional(),
  });

  readonly transforms: readonly (BaseTransform | TransformFunction)[];

  constructor(options: ComposeOptions | readonly TransformInput[] = {}) {
    super();
    const list = Array.isArray(options) ? options : ((options as ComposeOptions).transforms ?? []);
    if (!Array.isArray(list)) {
      throw new DatasetError('BAD_TRANSFORM', `Compose: transforms must be a list, got ${describe(list)}`);
    }
    // A bare list sits where the caller's config path already points (`pipeline`); an options object adds `transforms`.
    const build = () => list.map((step, i) => buildTransform(step, i));
    this.transforms = Array.isArray(options) ? build() : withConfigPath('transforms', build);
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    return runSteps(this.transforms, results, context ?? { random: this.randomOf(undefined) });
  }
}
