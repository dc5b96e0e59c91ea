import { deepCopy, describe } from '@eng/internal';
import { optionsSchema, type ShapeOf } from '@eng/internal/options';
import { withConfigPath } from '@eng/registry';
import { z } from 'zod';
import { DatasetError } from '../errors';
import { BaseTransform, type Results, type TransformContext, type TransformOutput } from './base-transform';
import { buildTransform, Compose, type TransformInput } from './compose';

export interface TestTimeAugOptions {
  /** One list of alternatives per stage; every combination (one step of each stage) becomes one augmented copy. */
  transforms: ReadonlyArray<readonly TransformInput[]>;
}

function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

/**
 * MMCV's `TestTimeAug`: runs the sample through every combination of the stages' alternatives (the cartesian
 * product, in order) and returns one object whose every key holds the list of the copies' values.
 *
 * @example
 * const tta = new TestTimeAug({ transforms: [[(r) => ({ ...r, s: 1 }), (r) => ({ ...r, s: 2 })], [(r) => ({ ...r, f: 0 })]] });
 * tta.transform({}); // { s: [1, 2], f: [0, 0] }
 */
export class TestTimeAug extends BaseTransform {
  static readonly optionsSchema = optionsSchema<TestTimeAugOptions>({
    transforms: z.array(z.array(z.custom<TransformInput>())),
  } satisfies ShapeOf<TestTimeAugOptions>);

  readonly subroutines: readonly Compose[];

  constructor(options: TestTimeAugOptions) {
    super();
    const { transforms } = options;
    if (!Array.isArray(transforms) || !transforms.every(Array.isArray)) {
      throw new DatasetError(
        'BAD_OPTIONS',
        `TestTimeAug: transforms should be a list of lists of transforms, got ${describe(transforms)}`,
      );
    }
    const stages = withConfigPath('transforms', () =>
      transforms.map((stage, i) => withConfigPath(`[${i}]`, () => stage.map((step, j) => buildTransform(step, j)))),
    );
    this.subroutines = product(stages).map((steps) => new Compose(steps));
  }

  transform(results: Results, context?: TransformContext): TransformOutput {
    const outputs = this.subroutines.map((sub) => sub.transform(deepCopy(results, 'clone'), context));
    const gather = (list: (Results | null)[]): Results => {
      list.forEach((r, i) => {
        if (r === null || typeof r !== 'object') {
          throw new DatasetError(
            'BAD_TRANSFORM',
            `TestTimeAug: augmentation ${i} returned ${describe(r)}; test-time pipelines must not drop a sample`,
          );
        }
      });
      const first = list[0] as Results;
      return Object.fromEntries(Object.keys(first).map((key) => [key, list.map((r) => (r as Results)[key])]));
    };
    return outputs.some((o) => o instanceof Promise)
      ? Promise.all(outputs).then(gather)
      : gather(outputs as (Results | null)[]);
  }
}
