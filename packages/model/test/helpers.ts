import { tf } from '@eng/tensor-gpu';
import type { BaseModule, OptimWrapperLike } from '../src';

/** A minimal SGD satisfying OptimWrapperLike (test code only; the real one lives in @eng/optim). */
export function inlineSgd(model: BaseModule, lr: number): OptimWrapperLike & { steps: number } {
  const vars = [...model.parameters()].filter((v) => v.trainable);
  return {
    steps: 0,
    optimContext: (_m, fn) => fn(),
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

export function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const d = Array.from(t.dataSync());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: Math.min(...d), max: Math.max(...d) };
}
