/**
 * Seals and opens the PHI fields of documents with AES-256-GCM through WebCrypto.
 *
 * One ciphertext per document (not per field): the present encrypted fields are packed into one
 * JSON object keyed by field path, so a bulk write of N documents costs N `encrypt` calls however
 * many fields it has. The additional data binds the format version, the collection, the document
 * id and the schema's list of encrypted field paths, so a ciphertext moved to another document,
 * collection or field fails to authenticate (and inside the pack each value sits under its path).
 *
 * Stored form, a one-byte string: [format version][12-byte IV][ciphertext + 16-byte tag].
 * Every value gets a fresh random 96-bit IV (drawn in bulk, one getRandomValues call per 5,000
 * documents). Format version 1 = this layout under the session's practice-database key; a later
 * key rotation bumps it.
 */
import { binaryStringToBytes, bytesToBinaryString } from './binary-string';
import { PhiIntegrityError } from './phi-errors';

export const PHI_FORMAT_V1 = 1;
const IV_BYTES = 12;
const AAD_PREFIX = 'carerelay/phi';
const MAX_RANDOM = 65_536;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const subtle = () => globalThis.crypto.subtle;

/**
 * The constant part of the additional data for one collection and schema; the document id is
 * appended per pack. Layout: prefix, version, collection, each encrypted path, then the id, all
 * NUL-separated (NUL cannot occur in collection names, paths or ids).
 */
function aadHead(collection: string, paths: readonly string[]): Uint8Array {
  return encoder.encode(`${AAD_PREFIX}\u0000${PHI_FORMAT_V1}\u0000${collection}\u0000${paths.join('\u0000')}\u0000\u0000`);
}

/** The additional data for one document's pack. */
export function phiAad(collection: string, documentId: string, paths: readonly string[]): Uint8Array<ArrayBuffer> {
  const head = aadHead(collection, paths);
  const id = encoder.encode(documentId);
  const out = new Uint8Array(head.length + id.length);
  out.set(head);
  out.set(id, head.length);
  return out;
}

/** `count` fresh IVs in one buffer, from as few getRandomValues calls as the 64 KiB limit allows. */
export function freshIvBytes(count: number): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(count * IV_BYTES);
  for (let offset = 0; offset < all.length; offset += MAX_RANDOM) {
    globalThis.crypto.getRandomValues(all.subarray(offset, Math.min(all.length, offset + MAX_RANDOM)));
  }
  return all;
}

export interface SealInput {
  readonly documentId: string;
  /** The encrypted fields present in this document, by path. */
  readonly values: Readonly<Record<string, unknown>>;
}

const VERSION_CHAR = String.fromCharCode(PHI_FORMAT_V1);

/**
 * Seals many packs concurrently (WebCrypto pipelines the calls); resolves in input order.
 * `paths` is the schema's full list of encrypted paths, bound into every pack's AAD.
 *
 * WebCrypto copies `iv`, `additionalData` and `data` when `encrypt` is called (WebCrypto spec,
 * "get a copy of the bytes"), so one scratch buffer serves every document's AAD and plaintext:
 * no per-document allocations besides the ciphertext itself.
 */
export async function sealPacks(key: CryptoKey, collection: string, paths: readonly string[], inputs: readonly SealInput[]): Promise<string[]> {
  const n = inputs.length;
  const ivs = freshIvBytes(n);
  const head = aadHead(collection, paths);
  let aad = new Uint8Array(head.length + 256);
  aad.set(head);
  let plain = new Uint8Array(4096);
  const pending: Promise<ArrayBuffer>[] = new Array(n);
  const algorithm = { name: 'AES-GCM', iv: ivs.subarray(0, IV_BYTES), additionalData: aad.subarray(0, head.length) };
  const s = subtle();
  for (let i = 0; i < n; i++) {
    const input = inputs[i]!;
    const id = input.documentId;
    if (aad.length < head.length + id.length * 3) {
      aad = new Uint8Array(head.length + id.length * 3);
      aad.set(head);
    }
    const idBytes = encoder.encodeInto(id, aad.subarray(head.length)).written;
    const json = JSON.stringify(input.values);
    if (plain.length < json.length * 3) plain = new Uint8Array(json.length * 3);
    const plainBytes = encoder.encodeInto(json, plain).written;
    algorithm.iv = ivs.subarray(i * IV_BYTES, (i + 1) * IV_BYTES);
    algorithm.additionalData = aad.subarray(0, head.length + idBytes);
    pending[i] = s.encrypt(algorithm, key, plain.subarray(0, plainBytes));
  }
  const sealed = await Promise.all(pending);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = VERSION_CHAR + bytesToBinaryString(ivs.subarray(i * IV_BYTES, (i + 1) * IV_BYTES)) + bytesToBinaryString(new Uint8Array(sealed[i]!));
  }
  return out;
}

/** Opens one stored pack; throws PhiIntegrityError (never returns garbage) when it does not authenticate. */
export async function openPack(
  key: CryptoKey,
  collection: string,
  documentId: string,
  paths: readonly string[],
  stored: unknown,
): Promise<Record<string, unknown>> {
  if (typeof stored !== 'string' || stored.length < 1 + IV_BYTES + 16) {
    throw new PhiIntegrityError(collection, documentId, 'the stored ciphertext is missing or truncated');
  }
  const version = stored.charCodeAt(0);
  if (version !== PHI_FORMAT_V1) throw new PhiIntegrityError(collection, documentId, `unknown format version ${version}`);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = binaryStringToBytes(stored, 1);
  } catch {
    throw new PhiIntegrityError(collection, documentId, 'the stored ciphertext is not in CareRelay’s format');
  }
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: phiAad(collection, documentId, paths) },
      key,
      bytes.subarray(IV_BYTES),
    );
  } catch {
    throw new PhiIntegrityError(collection, documentId, 'the ciphertext does not authenticate for this record and key');
  }
  const values: unknown = JSON.parse(decoder.decode(plain));
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new PhiIntegrityError(collection, documentId, 'the decrypted fields do not match the record');
  }
  return values as Record<string, unknown>;
}
