import { tf } from '@eng/tensor-gpu';
import { ModelError } from '../errors';
import { sameShape, shapeString } from './shape';

/** Writes `value` into `variable` (cast to its dtype); a no-op when both already share their data. */
export function assignInto(variable: tf.Variable, value: tf.Tensor, key = variable.name): void {
  if (!sameShape(variable.shape, value.shape)) {
    throw new ModelError(
      'SHAPE_MISMATCH',
      `cannot assign a tensor of shape ${shapeString(value.shape)} to "${key}" of shape ${shapeString(variable.shape)}`,
    );
  }
  if (value.dataId === variable.dataId) return;
  if (value.dtype !== variable.dtype) {
    const cast = tf.cast(value, variable.dtype);
    variable.assign(cast);
    cast.dispose();
  } else {
    variable.assign(value);
  }
}
