/**
 * The on-disk format of main's encrypted stores, shared by the store and its crash test:
 *
 *   magic "CRST" (4) | format version (1) | key id (8) | IV (12) | AES-256-GCM ciphertext | tag (16)
 *
 * The whole header and the store's file name are the GCM additional data, so a file that is
 * truncated, edited, renamed or swapped in from another store fails authentication. The
 * plaintext is JSON: { generation, schema, writtenAt, data }.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const MAGIC = Buffer.from('CRST', 'ascii');
export const FORMAT_VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + IV_BYTES;

export interface StoreEnvelope {
  generation: number;
  schema: number;
  writtenAt: string;
  data: unknown;
}

export type DecodeFailure = 'TRUNCATED' | 'BAD_MAGIC' | 'UNSUPPORTED_FORMAT' | 'WRONG_KEY' | 'TAMPERED' | 'BAD_CONTENT';

export type DecodeResult = { ok: true; envelope: StoreEnvelope } | { ok: false; reason: DecodeFailure };

function aad(header: Buffer, fileName: string): Buffer {
  return Buffer.concat([header, Buffer.from(`\u0000carerelay-store:${fileName}`, 'utf8')]);
}

export function encodeStore(key: Uint8Array, keyIdHex: string, fileName: string, envelope: StoreEnvelope): Buffer {
  const keyId = Buffer.from(keyIdHex, 'hex');
  if (keyId.length !== KEY_ID_BYTES) throw new RangeError('key id must be 8 bytes of hex');
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), keyId, iv]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(header, fileName));
  const body = Buffer.concat([cipher.update(JSON.stringify(envelope), 'utf8'), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

export function decodeStore(key: Uint8Array, keyIdHex: string, fileName: string, bytes: Buffer): DecodeResult {
  if (bytes.length < HEADER_BYTES + TAG_BYTES) return { ok: false, reason: 'TRUNCATED' };
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: 'BAD_MAGIC' };
  if (bytes[MAGIC.length] !== FORMAT_VERSION) return { ok: false, reason: 'UNSUPPORTED_FORMAT' };
  const keyId = bytes.subarray(MAGIC.length + 1, MAGIC.length + 1 + KEY_ID_BYTES);
  if (keyId.toString('hex') !== keyIdHex) return { ok: false, reason: 'WRONG_KEY' };
  const header = bytes.subarray(0, HEADER_BYTES);
  const iv = header.subarray(HEADER_BYTES - IV_BYTES);
  const body = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(header, fileName));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, reason: 'TAMPERED' };
  }
  try {
    const parsed = JSON.parse(plain) as Partial<StoreEnvelope>;
    if (
      typeof parsed.generation !== 'number' ||
      typeof parsed.schema !== 'number' ||
      typeof parsed.writtenAt !== 'string' ||
      !('data' in parsed)
    ) {
      return { ok: false, reason: 'BAD_CONTENT' };
    }
    return { ok: true, envelope: parsed as StoreEnvelope };
  } catch {
    return { ok: false, reason: 'BAD_CONTENT' };
  }
}
