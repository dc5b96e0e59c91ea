// Identity and same-dtype Cast without a copy. The backend's kernels copy the data, and tfjs clones (Identity)
// every tensor it keeps for the backward pass; tensors are immutable, so the output can share the input's buffer
// under a reference of its own, as Reshape does.
import type { tf } from '../../tf';
import { shareData, type TensorInfo } from './wasm-backend';
import { type KernelArgs, withFallback } from './with-fallback';

type Args = KernelArgs<{ x: TensorInfo }>;

export const identityConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback<{ x: TensorInfo }>('Identity', fallback, ({ inputs, backend }) =>
    inputs.x.dtype === 'string' ? undefined : shareData(backend, inputs.x),
  );

export const castConfig = (fallback: tf.KernelConfig | undefined) =>
  withFallback<{ x: TensorInfo }>('Cast', fallback, ({ inputs, backend, attrs }: Args) =>
    inputs.x.dtype === attrs.dtype && inputs.x.dtype !== 'string' ? shareData(backend, inputs.x) : undefined,
  );
