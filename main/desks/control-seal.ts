/**
 * Seals a document the practice shares through `<prefix>-control` (staff accounts and settings,
 * consent actions): AES-256-GCM under a practice key of a key epoch, with a fresh IV, bound to the
 * kind, the format, the document id and (from epoch 2) the epoch, so a sealed value moved to
 * another id or relabelled as another epoch does not open. The document holds only its kind, the
 * format, the epoch (from 2) and `sealed`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 1;

const aad = (kind: string, id: string, epoch: number) => Buffer.from(`carerelay/${kind}\u0000${FORMAT}\u0000${id}${epoch > 1 ? `\u0000e${epoch}` : ''}`, 'utf8');

/** The key epoch a shared document says it is sealed under (-1: not a valid one). */
export const controlDocEpoch = (doc: Record<string, unknown>): number => (doc.e === undefined ? 1 : typeof doc.e === 'number' && Number.isInteger(doc.e) && doc.e >= 2 ? doc.e : -1);

export function sealControlDoc(kind: string, key: Uint8Array, id: string, value: unknown, epoch = 1): Record<string, unknown> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(kind, id, epoch));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { type: kind, v: FORMAT, ...(epoch > 1 ? { e: epoch } : {}), sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64') };
}

/** The plaintext of a shared document, or null when it does not open under this key, kind and id. */
export function openControlDoc(kind: string, key: Uint8Array, id: string, doc: Record<string, unknown>): unknown {
  const epoch = controlDocEpoch(doc);
  if (doc.v !== FORMAT || typeof doc.sealed !== 'string' || epoch < 1) return null;
  const raw = Buffer.from(doc.sealed, 'base64');
  if (raw.length < 12 + 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(aad(kind, id, epoch));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8'));
  } catch {
    return null;
  }
}

/** The key for a document's epoch, or null when this desk does not hold it (yet). */
export function keyForDoc(key: (epoch?: number) => Uint8Array, doc: Record<string, unknown>): { key: Uint8Array | null; epoch: number } {
  const epoch = controlDocEpoch(doc);
  if (epoch < 1) return { key: null, epoch };
  try {
    return { key: key(epoch), epoch };
  } catch {
    return { key: null, epoch };
  }
}
