/** @packageDocumentation The Visualizer and visualization backends: scalars, images and the config of a run, written through @eng/fileio. */
import './register';

export {
  BaseVisBackend,
  type BaseVisBackendOptions,
  type ConfigInput,
  type DumpableConfig,
  type MaybePromise,
} from './backends/base-vis-backend';
export { LocalVisBackend, type LocalVisBackendOptions } from './backends/local-vis-backend';
export { VisualizationError, type VisualizationErrorCode } from './errors';
export type { ImageInput, VisImage } from './image/vis-image';
export type { ScalarValue } from './scalars/scalar-line';
export {
  type VisBackendConfig,
  type VisBackendInput,
  type VisBackendObject,
  Visualizer,
  type VisualizerOptions,
} from './visualizer/visualizer';
