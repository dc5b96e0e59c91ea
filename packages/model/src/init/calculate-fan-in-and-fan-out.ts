import { ModelError } from '../errors';
import { shapeString } from '../module/shape';

/** PyTorch's fan computation on a weight in PyTorch layout ([out, in, ...receptive field]). */
export function calculateFanInAndFanOut(shape: readonly number[]): [fanIn: number, fanOut: number] {
  const [out, inp] = shape;
  if (out === undefined || inp === undefined) {
    throw new ModelError(
      'FAN_UNDEFINED',
      `fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape ${shapeString(shape)})`,
    );
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [inp * receptive, out * receptive];
}
