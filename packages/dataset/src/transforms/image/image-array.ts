// The image type lives in @eng/structures, beside the data elements, so that @eng/model (which turns images into
// tensors) and @eng/visualization read the same one.
export { type ImageArray, isImageArray } from '@eng/structures';
