// Registers toydet's datasets and transforms (one of its registries' `locations`; index.ts imports it too).
import { registerOnce } from 'toycls';
import { TOYDET_DATASETS, TOYDET_TRANSFORMS } from '../registry';
import { BoxesDataset } from './boxes-dataset';
import { PackDetInputs } from './pack-det-inputs';

registerOnce(TOYDET_DATASETS, 'toydet', { BoxesDataset });
registerOnce(TOYDET_TRANSFORMS, 'toydet', { PackDetInputs });

export { BOX_CLASSES, BoxesDataset, type BoxesDatasetOptions } from './boxes-dataset';
export { PackDetInputs, type PackDetInputsOptions } from './pack-det-inputs';
