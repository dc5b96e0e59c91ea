// Registers toydet's models in its MODELS registry (one of its `locations`; index.ts imports it too).
import { registerOnce } from 'toycls';
import { TOYDET_MODELS } from '../registry';
import { CenterHead } from './center-head';
import { TinyDetector } from './tiny-detector';

registerOnce(TOYDET_MODELS, 'toydet', { TinyDetector, CenterHead });

export { CenterHead, type CenterHeadOptions, type CenterOutputs, gtBoxesOf } from './center-head';
export { type CenterTargets, centerTargets, gaussianRadius, type GtBoxes } from './center-targets';
export { TinyDetector, type TinyDetectorOptions } from './tiny-detector';
