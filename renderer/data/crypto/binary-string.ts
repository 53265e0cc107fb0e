/**
 * Bytes <-> "binary strings" (one char per byte, U+0000..U+00FF). RxDB's Dexie storage rebuilds
 * every stored object key by key, which turns a Uint8Array into a plain object, so ciphertext
 * must be a string; a one-byte string is what V8 serialises most compactly into IndexedDB and
 * costs no base64 encode, decode or 33 % growth.
 */

const CHUNK = 8192;

export function bytesToBinaryString(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

/** Reads `text` from `offset` as bytes; any char above U+00FF means it is not ours. */
export function binaryStringToBytes(text: string, offset = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length - offset);
  for (let i = offset; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError('not a binary string');
    out[i - offset] = code;
  }
  return out;
}
