/// <reference path="./crc-32-crc32c.d.ts" />
import CRC32C from 'crc-32/crc32c.js';

/** The constant TFRecord adds to a rotated CRC, so that a CRC of bytes holding CRCs does not degenerate. */
const MASK_DELTA = 0xa282ead8;

/** The masked CRC-32C of `data` as TFRecord stores it: the CRC rotated right by 15 bits plus `0xa282ead8`, mod 2^32. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = CRC32C.buf(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/**
 * One TFRecord: the length of `data` as a little-endian u64, the masked CRC-32C of those 8 bytes (u32 LE), `data`,
 * and the masked CRC-32C of `data` (u32 LE). An event file is a sequence of these, each holding one `Event`.
 */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
