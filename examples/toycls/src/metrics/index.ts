// Registers toycls's metrics (one of its METRICS registry's `locations`; index.ts imports it too).
import { registerOnce } from '../register-once';
import { TOYCLS_METRICS } from '../registry';
import { ShapeAccuracy } from './shape-accuracy';

registerOnce(TOYCLS_METRICS, 'toycls', { ShapeAccuracy });

export { ShapeAccuracy } from './shape-accuracy';
