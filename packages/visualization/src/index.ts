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
export type { HistogramBins } from './backends/tensorboard/histogram';
export {
  type AddHistogramOptions,
  type HistogramInput,
  TensorboardVisBackend,
  type TensorboardVisBackendOptions,
} from './backends/tensorboard/tensorboard-vis-backend';
export type { ColorInput, ColorsInput, RgbTuple } from './drawing/colors';
export type { DrawFeatmapOptions } from './drawing/featmap';
export type { NumericInput } from './drawing/geometry';
export type { BinaryMask, BinaryMasksInput, DrawBinaryMasksOptions } from './drawing/masks';
export type {
  DrawBboxesOptions,
  DrawCirclesOptions,
  DrawLinesOptions,
  DrawPointsOptions,
  DrawPolygonsOptions,
  DrawShapesOptions,
  LineStylesInput,
  NumbersInput,
  PointMarker,
} from './drawing/shapes';
export type { LineDash, LineStyle } from './drawing/surface';
export type {
  DrawTextsOptions,
  FontProperties,
  HorizontalAlignment,
  TextBbox,
  VerticalAlignment,
} from './drawing/texts';
export { VisualizationError, type VisualizationErrorCode } from './errors';
export { encodePng } from './image/encode-png';
export { type ImageInput, type PixelMode, toVisImage, type VisImage, withChannels } from './image/vis-image';
export { resizeImage } from './drawing/surface';
export type { ChartSeries, ChartSpec } from './plots/chart-plan';
export { type RunReport, type RunReportOptions, renderRunReport } from './plots/run-report';
export { parseScalarLog, type ScalarLog, type ScalarPoint, type StepUnit } from './plots/scalar-log';
export type { ScalarValue } from './scalars/scalar-line';
export {
  type AddDatasampleOptions,
  type DataSample,
  type VisBackendConfig,
  type VisBackendInput,
  type VisBackendObject,
  Visualizer,
  type VisualizerOptions,
} from './visualizer/visualizer';
export { ClsVisualizer, type ClsVisualizerOptions } from './visualizer/cls-visualizer';
