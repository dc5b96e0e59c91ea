import { printLog } from '@eng/logging';
import { tf } from '@eng/tensor-gpu';
import type { BaseModule } from './module/base-module';

/**
 * MMEngine `detect_anomalous_params`: the names of trainable parameters that do not take part in computing the
 * loss (they would get no gradient), each logged as a warning. Runs `lossFn` once under a gradient tape.
 */
export function detectAnomalousParams(lossFn: () => tf.Scalar, model: BaseModule): string[] {
  const named = [...model.namedParameters()].filter(([, p]) => p.trainable);
  if (named.length === 0) return [];
  const { value, grads } = tf.variableGrads(
    lossFn,
    named.map(([, p]) => p),
  );
  const missing = named.filter(([, p]) => grads[p.name] === undefined);
  tf.dispose([value, ...Object.values(grads)]);
  for (const [name, p] of missing) {
    printLog(`${name} with shape [${p.shape.join(', ')}] is not in the computational graph`, {
      logger: 'current',
      level: 'WARNING',
    });
  }
  return missing.map(([n]) => n);
}
