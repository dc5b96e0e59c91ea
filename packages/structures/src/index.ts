/** @packageDocumentation MMEngine's data elements on TensorFlow.js tensors: BaseDataElement, InstanceData, LabelData, PixelData; and the channels-last image type the data pipeline passes along. */
export { StructuresError, type StructuresErrorCode } from './errors';
export { BaseDataElement, type DataElementInit, type FieldType } from './base-data-element';
export { type ImageArray, isImageArray } from './image-array';
export { InstanceData, type InstanceIndex } from './instance-data';
export { LabelData } from './label-data';
export { PixelData, type PixelIndex } from './pixel-data';
