import type { tf } from '@eng/tensor-gpu';
import type { ParamModule } from '../src';

// The manual's ToyModel (backbone = {layer0, layer1: Linear(1, 1)}, head = {linear, bn}) as a structural module tree.
export { toyModel } from '@eng/model/test';

/** name -> the group hyper-parameters the optimizer uses for it. */
export function effective(
  model: ParamModule,
  groups: Array<Record<string, unknown> & { params: tf.Variable[] }>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, variable] of model.namedParameters()) {
    const group = groups.find((g) => g.params.includes(variable));
    if (group) out[name] = group;
  }
  return out;
}
