import { tf } from '@eng/tensor-gpu';
import type { OptimWrapperLike } from '../base-model/base-model';
import type { BaseModule } from '../module/base-module';

/** An `OptimWrapperLike` from {@link inlineSgd}, counting its steps. */
export interface InlineSgd extends OptimWrapperLike {
  /** How many times `updateParams` has run. */
  steps: number;
}

/**
 * Plain SGD on the trainable parameters of `model` (`v ← v − lr · ∂loss/∂v` on every `updateParams`), for tests of
 * models and loops that must not depend on `@eng/optim`. `optimContext` just calls its function.
 *
 * @example
 * const sgd = inlineSgd(model, 0.1);
 * model.trainStep(batch, sgd);
 * sgd.steps; // 1
 */
export function inlineSgd(model: BaseModule, lr: number): InlineSgd {
  const vars = [...model.parameters()].filter((v) => v.trainable);
  return {
    steps: 0,
    optimContext: (_module, fn) => fn(),
    updateParams(lossFn) {
      const { value, grads } = tf.variableGrads(lossFn, vars);
      tf.tidy(() => {
        for (const v of vars) {
          const g = grads[v.name];
          if (g) v.assign(tf.sub(v, tf.mul(g, lr)));
        }
      });
      tf.dispose(grads);
      this.steps++;
      return value;
    },
  };
}
