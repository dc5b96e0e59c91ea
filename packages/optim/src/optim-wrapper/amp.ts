import { OptimWrapperError } from '../errors';

/**
 * MMEngine's `AmpOptimWrapper` trains in mixed precision with `torch.cuda.amp`. TensorFlow.js trains in float32
 * only (no float16 kernels, no autocast, no loss scaler), so there is nothing for it to do here: constructing it
 * throws an error that says so instead of silently training in float32 under a misleading name.
 */
export class AmpOptimWrapper {
  constructor(_options?: unknown) {
    throw new OptimWrapperError(
      'AMP_UNSUPPORTED',
      "AmpOptimWrapper is not available in eng: TensorFlow.js trains in float32 only (it has no float16 training kernels, autocast or loss scaling), so mixed-precision training has no meaning here. Use { type: 'OptimWrapper' } instead; accumulative_counts and clip_grad work the same way.",
    );
  }
}
