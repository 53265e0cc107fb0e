/**
 * The cryptography of adding a desk to a practice (issue 12, enrolment). The new desk makes a
 * fresh P-256 key pair and posts a request (its code, its name, its public key) through the
 * practice's server; its screen shows the code and the safety number of its key. The
 * administrator's desk fetches the request by code, shows the safety number it computes from the
 * key it received, and — only once the administrator confirms the two numbers match — grants:
 * an ephemeral ECDH key of its own, HKDF-SHA256 to a wrapping key, and the practice secret sealed
 * with AES-256-GCM under additional data binding the code, the desk's name, its public key, the
 * key epoch and the practice key id. The new desk unwraps with its private key and checks the
 * secret against the key id before keeping it in its own keychain. After a desk was removed the
 * practice is on a later key epoch: the grant then carries every later epoch's secret after the
 * practice secret (2 bytes of epoch number and 32 of secret each, up to the granted epoch).
 *
 * The server only ever holds the two public keys and the sealed secret: without a private key,
 * none of it opens; both private keys are thrown away after use, so a copy of the server taken
 * before or after holds nothing usable. A server that swaps in its own key changes the safety
 * number the administrator sees, and the administrator refuses.
 */
import { createCipheriv, createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { isP256PublicKey } from '../vault/key-release';
import { practiceKeyId } from '../vault/key-tree';

const INFO = 'carerelay/desk-enrolment/v1';

export interface DeskKeyPair {
  readonly publicKey: Buffer;
  /** Kept in memory (or the desk's keychain) only until the grant is accepted. */
  readonly privateKey: Buffer;
}

export interface EnrolmentRequest {
  readonly code: string;
  readonly deskName: string;
  /** Raw uncompressed P-256 point, base64. */
  readonly publicKey: string;
  readonly requestedAt: string;
}

export interface EnrolmentGrant {
  readonly code: string;
  readonly adminPublicKey: string;
  readonly salt: string;
  readonly iv: string;
  readonly sealed: string;
  readonly epoch: number;
  readonly practiceKeyId: string;
}

export class EnrolmentError extends Error {
  override readonly name = 'EnrolmentError';
}

export function newDeskKeyPair(): DeskKeyPair {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return { publicKey, privateKey: ecdh.getPrivateKey() };
}

const binding = (request: EnrolmentRequest, epoch: number, keyId: string) =>
  Buffer.from(JSON.stringify(['carerelay/desk-enrolment', request.code, request.deskName, request.publicKey, epoch, keyId]), 'utf8');

function wrappingKey(shared: Buffer, salt: Buffer): Buffer {
  const key = Buffer.from(hkdfSync('sha256', shared, salt, INFO, 32));
  shared.fill(0);
  return key;
}

/** The administrator's side, after the safety numbers matched: the practice secret sealed to the new desk. */
export function grantPracticeSecret(request: EnrolmentRequest, practiceSecret: Uint8Array, epoch: number, epochSecrets: readonly { epoch: number; secret: Uint8Array }[] = []): EnrolmentGrant {
  if ((epochSecrets.at(-1)?.epoch ?? 1) !== epoch) throw new EnrolmentError('The key epochs do not match the granted epoch.');
  const deskKey = Buffer.from(request.publicKey, 'base64');
  if (!isP256PublicKey(deskKey)) throw new EnrolmentError('The request does not carry a valid desk key.');
  const ecdh = createECDH('prime256v1');
  const adminPublicKey = ecdh.generateKeys();
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(deskKey);
  } catch {
    throw new EnrolmentError('The request does not carry a valid desk key.');
  }
  const salt = randomBytes(16);
  const key = wrappingKey(shared, salt);
  const keyId = practiceKeyId(practiceSecret);
  const iv = randomBytes(12);
  let sealed: Buffer;
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(binding(request, epoch, keyId));
    const payload = Buffer.alloc(32 + epochSecrets.length * 34);
    Buffer.from(practiceSecret).copy(payload, 0);
    epochSecrets.forEach((s, i) => {
      payload.writeUInt16BE(s.epoch, 32 + i * 34);
      Buffer.from(s.secret).copy(payload, 34 + i * 34);
    });
    sealed = Buffer.concat([cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
    payload.fill(0);
  } finally {
    key.fill(0);
  }
  return { code: request.code, adminPublicKey: adminPublicKey.toString('base64'), salt: salt.toString('base64'), iv: iv.toString('base64'), sealed: sealed.toString('base64'), epoch, practiceKeyId: keyId };
}

/** The new desk's side: the practice secret, or an EnrolmentError (never a wrong secret). */
export function acceptGrant(
  request: EnrolmentRequest,
  keys: DeskKeyPair,
  grant: EnrolmentGrant,
): { practiceSecret: Buffer; epoch: number; practiceKeyId: string; epochSecrets: { epoch: number; secret: Buffer }[] } {
  if (grant.code !== request.code || request.publicKey !== keys.publicKey.toString('base64')) throw new EnrolmentError('This answer is for another request.');
  const adminKey = Buffer.from(grant.adminPublicKey, 'base64');
  if (!isP256PublicKey(adminKey)) throw new EnrolmentError('The answer does not carry a valid key.');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(keys.privateKey);
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(adminKey);
  } catch {
    throw new EnrolmentError('The answer does not carry a valid key.');
  }
  const key = wrappingKey(shared, Buffer.from(grant.salt, 'base64'));
  const sealed = Buffer.from(grant.sealed, 'base64');
  if (sealed.length < 32 + 16 || (sealed.length - 48) % 34 !== 0 || sealed.length > 48 + 34 * 1_000) throw new EnrolmentError('The answer is damaged.');
  let payload: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(grant.iv, 'base64'));
    decipher.setAAD(binding(request, grant.epoch, grant.practiceKeyId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    payload = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new EnrolmentError('The answer does not open with this desk’s key: it was changed, or it is for another desk.');
  } finally {
    key.fill(0);
  }
  const secret = Buffer.from(payload.subarray(0, 32));
  const epochSecrets: { epoch: number; secret: Buffer }[] = [];
  for (let i = 32; i < payload.length; i += 34) epochSecrets.push({ epoch: payload.readUInt16BE(i), secret: Buffer.from(payload.subarray(i + 2, i + 34)) });
  payload.fill(0);
  const ordered = epochSecrets.every((s, i) => s.epoch >= 2 && (i === 0 || s.epoch > epochSecrets[i - 1]!.epoch));
  if (practiceKeyId(secret) !== grant.practiceKeyId || !ordered || (epochSecrets.at(-1)?.epoch ?? 1) !== grant.epoch) {
    secret.fill(0);
    for (const s of epochSecrets) s.secret.fill(0);
    throw new EnrolmentError('The practice key does not match its fingerprint.');
  }
  return { practiceSecret: secret, epoch: grant.epoch, practiceKeyId: grant.practiceKeyId, epochSecrets };
}
