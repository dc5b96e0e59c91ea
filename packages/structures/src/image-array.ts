/**
 * An image as the image transforms pass it along: pixels channels-last and row-major (`data[(y * width + x) *
 * channels + c]`), the same field names as the visualization contract's images. Colour images decoded by
 * `LoadImageFromFile` are BGR (as mmcv's cv2 decoding gives), 8-bit (`Uint8Array`) unless `to_float32` is set or
 * `Normalize` made them `Float32Array`.
 */
export interface ImageArray {
  data: Uint8Array | Float32Array;
  height: number;
  width: number;
  channels: number;
}

/** Whether `value` is an {@link ImageArray} (typed data whose length matches `height * width * channels`). */
export function isImageArray(value: unknown): value is ImageArray {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ImageArray>;
  return (
    (v.data instanceof Uint8Array || v.data instanceof Float32Array) &&
    Number.isInteger(v.height) &&
    Number.isInteger(v.width) &&
    Number.isInteger(v.channels) &&
    (v.height as number) >= 0 &&
    (v.width as number) >= 0 &&
    (v.channels as number) >= 1 &&
    v.data.length === (v.height as number) * (v.width as number) * (v.channels as number)
  );
}
