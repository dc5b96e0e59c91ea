/** @packageDocumentation MMEngine's data elements on TensorFlow.js tensors: BaseDataElement, InstanceData, LabelData, PixelData. */
export { StructuresError, type StructuresErrorCode } from './errors';
export { BaseDataElement, type DataElementInit, type FieldType } from './base-data-element';
export { InstanceData, type InstanceIndex } from './instance-data';
export { LabelData } from './label-data';
export { PixelData, type PixelIndex } from './pixel-data';
