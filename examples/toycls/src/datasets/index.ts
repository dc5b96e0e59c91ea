// Registers toycls's datasets and transforms (one of its registries' `locations`; index.ts imports it too).
import { registerOnce } from '../register-once';
import { TOYCLS_DATASETS, TOYCLS_TRANSFORMS } from '../registry';
import { RandomColorShift } from './random-color-shift';
import { ShapesDataset } from './shapes-dataset';

registerOnce(TOYCLS_DATASETS, 'toycls', { ShapesDataset });
registerOnce(TOYCLS_TRANSFORMS, 'toycls', { RandomColorShift });

export { RandomColorShift, type RandomColorShiftOptions } from './random-color-shift';
export { brightColor, darkColor, noisyImage, paint, type Rgb } from './raster';
export { SHAPE_CLASSES, ShapesDataset, type ShapesDatasetOptions } from './shapes-dataset';
