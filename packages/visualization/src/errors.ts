import { EngError } from '@eng/internal';

/** Stable codes of {@link VisualizationError}. */
export type VisualizationErrorCode =
  | 'BAD_OPTIONS'
  | 'DUPLICATE_BACKEND'
  | 'BAD_SCALAR'
  | 'BAD_IMAGE'
  | 'BAD_CONFIG'
  | 'NO_IMAGE'
  | 'WRITE_FAILED'
  | 'NO_SCALARS'
  | 'BAD_COLOR'
  | 'BAD_SHAPE'
  | 'NOT_SUPPORTED';

/**
 * An error of a visualizer or a visualization backend: a bad option, colour or shape of a drawing call's input, two
 * backends with one name, a scalar or image it cannot write, a scalar log with nothing to plot, a file it could not
 * write (the message names the file; the cause is kept).
 */
export class VisualizationError extends EngError<VisualizationErrorCode> {}
