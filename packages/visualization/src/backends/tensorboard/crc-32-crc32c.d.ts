// Types of `crc-32/crc32c.js`: the package types only its main entry, whose API this one shares. It is imported with
// its extension because the package has no exports map, so Node's ESM resolver needs the file name.
declare module 'crc-32/crc32c.js' {
  /** The CRC-32C (Castagnoli) of `data` as a signed 32-bit integer; `seed` continues an earlier checksum. */
  export function buf(data: Uint8Array | number[], seed?: number): number;
  const CRC32C: { buf: typeof buf };
  export default CRC32C;
}
