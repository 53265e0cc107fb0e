/**
 * The cryptography of a new key epoch (issue 12, revocation): after a desk is removed, an
 * administrator's desk makes a fresh epoch secret and seals it to each remaining desk's own P-256
 * key, published in that desk's entry of the practice's desk list. A grant is an ephemeral ECDH
 * key, HKDF-SHA256 to a wrapping key, and AES-256-GCM over every epoch secret from 2 up to the new
 * one (a desk that missed an epoch still opens what was sealed under it), with additional data
 * binding the epoch, the receiving desk's server user and public key and the new epoch's
 * fingerprint. The receiving desk checks the fingerprint before keeping anything.
 *
 * Everything here is also authenticated by the practice secret (the root every desk of the
 * practice holds): it is mixed into the grant's wrapping key (a grant made by someone without it
 * does not open, so nobody can push a secret of their own choosing to a desk), it keys the MAC of
 * the epoch announcement, and it keys each desk entry's proof (an HMAC of its user and public key),
 * so an entry planted by someone without it gets no grant. The removed desk holds the root too:
 * what keeps it out is that its server account is disabled before the new epoch is announced, and
 * that the new epoch's secret goes only to the desks listed then.
 */
import { createCipheriv, createDecipheriv, createECDH, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { isP256PublicKey } from '../vault/key-release';
import { practiceKeyId } from '../vault/key-tree';

const INFO = 'carerelay/epoch-grant/v1';
const AUTH_INFO = 'carerelay/epoch-auth/v1';
const PROOF_INFO = 'carerelay/desk-proof/v1';
const ANNOUNCE_INFO = 'carerelay/epoch-announce/v1';

/** A key for one purpose, derived from the practice secret. */
const rootKey = (root: Uint8Array, info: string) => Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), info, 32));

export interface EpochSecret {
  readonly epoch: number;
  readonly secret: Buffer;
}

export interface EpochGrantDoc {
  readonly type: 'epochgrant';
  readonly epoch: number;
  readonly desk: string;
  readonly deskPublicKey: string;
  readonly adminPublicKey: string;
  readonly salt: string;
  readonly iv: string;
  readonly sealed: string;
  readonly epochKeyId: string;
}

export class EpochGrantError extends Error {
  override readonly name = 'EpochGrantError';
}

export const epochGrantId = (epoch: number, desk: string) => `epochgrant-${epoch}-${desk}`;

const binding = (epoch: number, desk: string, deskPublicKey: string, epochId: string) =>
  Buffer.from(JSON.stringify(['carerelay/epoch-grant', epoch, desk, deskPublicKey, epochId]), 'utf8');

/** HKDF over the ECDH secret and the root's grant key: both are needed to make or open a grant. */
function wrappingKey(shared: Buffer, salt: Buffer, root: Uint8Array): Buffer {
  const auth = rootKey(root, AUTH_INFO);
  const ikm = Buffer.concat([shared, auth]);
  const key = Buffer.from(hkdfSync('sha256', ikm, salt, INFO, 32));
  shared.fill(0);
  auth.fill(0);
  ikm.fill(0);
  return key;
}

/** Seals `secrets` (epochs 2 up to the new one, ascending) to one desk's public key. */
export function sealEpochGrant(options: { secrets: readonly EpochSecret[]; desk: string; deskPublicKey: string; root: Uint8Array }): EpochGrantDoc {
  const latest = options.secrets.at(-1);
  if (!latest) throw new EpochGrantError('There is no epoch to grant.');
  const deskKey = Buffer.from(options.deskPublicKey, 'base64');
  if (!isP256PublicKey(deskKey)) throw new EpochGrantError('That desk has not published a valid key.');
  const ecdh = createECDH('prime256v1');
  const adminPublicKey = ecdh.generateKeys();
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(deskKey);
  } catch {
    throw new EpochGrantError('That desk has not published a valid key.');
  }
  const salt = randomBytes(16);
  const key = wrappingKey(shared, salt, options.root);
  const epochKeyId = practiceKeyId(latest.secret);
  const payload = Buffer.alloc(options.secrets.length * 34);
  options.secrets.forEach((s, i) => {
    payload.writeUInt16BE(s.epoch, i * 34);
    s.secret.copy(payload, i * 34 + 2);
  });
  const iv = randomBytes(12);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(binding(latest.epoch, options.desk, options.deskPublicKey, epochKeyId));
    const sealed = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
    return {
      type: 'epochgrant',
      epoch: latest.epoch,
      desk: options.desk,
      deskPublicKey: options.deskPublicKey,
      adminPublicKey: adminPublicKey.toString('base64'),
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      sealed: sealed.toString('base64'),
      epochKeyId,
    };
  } finally {
    key.fill(0);
    payload.fill(0);
  }
}

/** The receiving desk's side: the epoch secrets, or an EpochGrantError (never a wrong secret). */
export function openEpochGrant(doc: Record<string, unknown>, me: { desk: string; publicKey: Buffer; privateKey: Buffer; root: Uint8Array; epoch: number; epochKeyId: string }): EpochSecret[] {
  const grant = doc as Partial<EpochGrantDoc>;
  if (grant.type !== 'epochgrant' || grant.epoch !== me.epoch || grant.desk !== me.desk || grant.deskPublicKey !== me.publicKey.toString('base64')) {
    throw new EpochGrantError('That key grant is for another desk or epoch.');
  }
  if (grant.epochKeyId !== me.epochKeyId) throw new EpochGrantError('That key grant does not match the practice’s announced epoch.');
  const adminKey = Buffer.from(String(grant.adminPublicKey ?? ''), 'base64');
  if (!isP256PublicKey(adminKey)) throw new EpochGrantError('That key grant is damaged.');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(me.privateKey);
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(adminKey);
  } catch {
    throw new EpochGrantError('That key grant is damaged.');
  }
  const key = wrappingKey(shared, Buffer.from(String(grant.salt ?? ''), 'base64'), me.root);
  const sealed = Buffer.from(String(grant.sealed ?? ''), 'base64');
  let payload: Buffer;
  try {
    if (sealed.length < 34 + 16 || (sealed.length - 16) % 34 !== 0) throw new Error('length');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(String(grant.iv ?? ''), 'base64'));
    decipher.setAAD(binding(me.epoch, me.desk, grant.deskPublicKey, me.epochKeyId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    payload = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new EpochGrantError('That key grant does not open with this desk’s key: it was changed, or it is for another desk.');
  } finally {
    key.fill(0);
  }
  const secrets: EpochSecret[] = [];
  for (let i = 0; i < payload.length; i += 34) secrets.push({ epoch: payload.readUInt16BE(i), secret: Buffer.from(payload.subarray(i + 2, i + 34)) });
  payload.fill(0);
  const latest = secrets.at(-1);
  if (!latest || latest.epoch !== me.epoch || practiceKeyId(latest.secret) !== me.epochKeyId || secrets.some((s, i) => s.epoch < 2 || (i > 0 && s.epoch <= secrets[i - 1]!.epoch))) {
    for (const s of secrets) s.secret.fill(0);
    throw new EpochGrantError('The granted key does not match its fingerprint.');
  }
  return secrets;
}

const mac = (root: Uint8Array, info: string, value: unknown): string => {
  const key = rootKey(root, info);
  try {
    return createHmac('sha256', key).update(JSON.stringify(value)).digest('base64');
  } finally {
    key.fill(0);
  }
};

const sameMac = (want: string, got: unknown): boolean => {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(want, 'base64');
  const b = Buffer.from(got, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Proof that whoever wrote a desk entry held the practice secret. */
export const deskProof = (root: Uint8Array, desk: string, publicKey: string): string => mac(root, PROOF_INFO, [desk, publicKey]);
export const verifyDeskProof = (root: Uint8Array, desk: string, publicKey: string, proof: unknown): boolean => sameMac(deskProof(root, desk, publicKey), proof);

/** The practice's current key epoch, as announced in `<prefix>-control/keyepoch`. */
export interface EpochAnnouncement {
  readonly epoch: number;
  readonly epochKeyId: string;
  readonly rotatedAt: string;
  /** The server users of the removed desks it shuts out. */
  readonly removed: readonly string[];
  /** The desks that were in the practice then (server users): only these are granted the epoch. */
  readonly recipients: readonly string[];
}

const announcementFields = (a: EpochAnnouncement) => ['keyepoch', a.epoch, a.epochKeyId, a.rotatedAt, [...a.removed], [...a.recipients]];

export const announce = (root: Uint8Array, a: EpochAnnouncement): EpochAnnouncement & { type: 'keyepoch'; mac: string } => ({
  type: 'keyepoch',
  epoch: a.epoch,
  epochKeyId: a.epochKeyId,
  rotatedAt: a.rotatedAt,
  removed: [...a.removed],
  recipients: [...a.recipients],
  mac: mac(root, ANNOUNCE_INFO, announcementFields(a)),
});

/** The announcement in a control document, or null when there is none or its MAC does not verify (not made by a desk of this practice). */
export function readAnnouncement(root: Uint8Array, doc: Record<string, unknown> | undefined): EpochAnnouncement | null {
  if (!doc || doc.type !== 'keyepoch') return null;
  const { epoch, epochKeyId, rotatedAt, removed, recipients } = doc;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 2 || epoch > 65_535) return null;
  if (typeof epochKeyId !== 'string' || typeof rotatedAt !== 'string') return null;
  const names = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 200 && v.every((r) => typeof r === 'string');
  if (!names(removed) || !names(recipients)) return null;
  const a: EpochAnnouncement = { epoch, epochKeyId, rotatedAt, removed, recipients };
  return sameMac(mac(root, ANNOUNCE_INFO, announcementFields(a)), doc.mac) ? a : null;
}
