// Registers toydet's metrics (one of its METRICS registry's `locations`; index.ts imports it too).
import { registerOnce } from 'toycls';
import { TOYDET_METRICS } from '../registry';
import { BoxMetric } from './box-metric';

registerOnce(TOYDET_METRICS, 'toydet', { BoxMetric });

export { type ApMode, averagePrecision, type ClassMatch, type ImageDetections, matchClass } from './average-precision';
export { type Box, boxArea, boxIoU, iouMatrix } from './box-iou';
export { BoxMetric, type BoxMetricOptions } from './box-metric';
