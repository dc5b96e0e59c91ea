import { Transformer } from '@napi-rs/image';
import { type VisImage, withChannels } from './vis-image';

/**
 * The PNG file of `image`. `@napi-rs/image` encodes RGBA pixels, so RGB and gray images are written as RGBA with an
 * opaque alpha channel (MMEngine's cv2 writes 3 channels; the colours are the same).
 */
export async function encodePng(image: VisImage): Promise<Uint8Array> {
  const rgba = withChannels(image, 4);
  const png = await Transformer.fromRgbaPixels(rgba.data, rgba.width, rgba.height).png();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
