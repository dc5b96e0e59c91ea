// Registers toydet's visualizer (one of its VISUALIZERS registry's `locations`; index.ts imports it too).
import { registerOnce } from 'toycls';
import { TOYDET_VISUALIZERS } from '../registry';
import { DetLocalVisualizer } from './det-local-visualizer';

registerOnce(TOYDET_VISUALIZERS, 'toydet', { DetLocalVisualizer });

export { DetLocalVisualizer, type DetLocalVisualizerOptions } from './det-local-visualizer';
