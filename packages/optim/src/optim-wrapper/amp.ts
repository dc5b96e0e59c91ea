import { optionsSchema } from '@eng/internal/options';
import { z } from 'zod';
import { OptimWrapperError } from '../errors';
import { optimWrapperShape } from './optim-wrapper';

/**
 * MMEngine's `AmpOptimWrapper` trains in mixed precision with `torch.cuda.amp`. TensorFlow.js trains in float32
 * only (no float16 kernels, no autocast, no loss scaler), so there is nothing for it to do here: constructing it
 * throws an error that says so instead of silently training in float32 under a misleading name.
 */
export class AmpOptimWrapper {
  /** MMEngine's options, so that a config written for it reaches the explanation below rather than a key error. */
  static readonly optionsSchema = optionsSchema({
    ...optimWrapperShape,
    loss_scale: z.unknown().optional(),
    dtype: z.unknown().optional(),
    use_fsdp: z.boolean().optional(),
  });

  constructor(_options?: unknown) {
    throw new OptimWrapperError(
      'AMP_UNSUPPORTED',
      "AmpOptimWrapper is not available in eng: TensorFlow.js trains in float32 only (it has no float16 training kernels, autocast or loss scaling), so mixed-precision training has no meaning here. Use { type: 'OptimWrapper' } instead; accumulative_counts and clip_grad work the same way.",
    );
  }
}
