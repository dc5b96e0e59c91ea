import { FileIOError } from '../errors';

const utf8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function nodeBuffer(): typeof Buffer | undefined {
  return (globalThis as { Buffer?: typeof Buffer }).Buffer;
}

/** Encodes text for writing: UTF-8 everywhere, Node's other Buffer encodings (latin1, utf16le, ...) under Node. */
export function encodeText(text: string, encoding = 'utf-8'): Uint8Array {
  if (utf8.has(encoding.toLowerCase())) return new TextEncoder().encode(text);
  const B = nodeBuffer();
  if (B?.isEncoding(encoding)) {
    const buf = B.from(text, encoding);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  throw new FileIOError('INVALID_ARGUMENT', `Cannot encode text as '${encoding}': use utf-8, latin1, utf16le or ascii`);
}

/** Decodes bytes read from storage; a UTF-8 byte-order mark is dropped so JSON and YAML parse. */
export function decodeText(bytes: Uint8Array, encoding = 'utf-8'): string {
  const B = nodeBuffer();
  if (utf8.has(encoding.toLowerCase())) {
    if (!B) return new TextDecoder('utf-8').decode(bytes);
    // Buffer#toString is markedly faster than TextDecoder under Node; it keeps the BOM, so drop it here.
    const text = B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  if (B?.isEncoding(encoding)) return B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch (cause) {
    throw new FileIOError('INVALID_ARGUMENT', `Unknown text encoding '${encoding}'`, { cause });
  }
}
