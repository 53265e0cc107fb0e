/**
 * The renderer's half of the key hand-over: an ephemeral ECDH P-256 key pair, main's answer to
 * `practiceDb.releaseKeys`, HKDF to the wrapping key, and `unwrapKey` straight into
 * NON-extractable CryptoKeys (AES-GCM for PHI fields, HMAC-SHA256 for blind indexes). The raw key
 * bytes never exist in this page; the ephemeral private key is dropped when this returns.
 */
import type { CareRelayApi } from '../../../shared/ipc';
import { KEY_RELEASE_INFO, KEY_RELEASE_LABELS, wireKeyLabel } from '../../../shared/vault/key-release-labels';
import type { WireKeyring } from '../replication/wire-seal';
import { binaryStringToBytes, bytesToBinaryString } from '../crypto/binary-string';

export { KEY_RELEASE_INFO } from '../../../shared/vault/key-release-labels';

export interface PracticeKeys {
  readonly dbKey: CryptoKey;
  readonly indexKey: CryptoKey;
  /** Keys sealing PHI for the practice's replication server (replication/wire-seal.ts), by key epoch. */
  readonly wireKeys: WireKeyring;
  /** Public fingerprint of the key set. */
  readonly keyId: string;
}

export class KeyHandoverError extends Error {
  override readonly name = 'KeyHandoverError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => binaryStringToBytes(atob(text));
const toBase64 = (bytes: ArrayBuffer): string => btoa(bytesToBinaryString(new Uint8Array(bytes)));

export type ReleaseKeys = CareRelayApi['practiceDb']['releaseKeys'];

export async function receivePracticeKeys(releaseKeys: ReleaseKeys): Promise<PracticeKeys> {
  const subtle = globalThis.crypto.subtle;
  const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])) as CryptoKeyPair;
  const clientPublicKey = toBase64(await subtle.exportKey('raw', pair.publicKey));
  let answer: Awaited<ReturnType<ReleaseKeys>>;
  try {
    answer = await releaseKeys({ clientPublicKey });
  } catch {
    throw new KeyHandoverError('CareRelay did not hand over the practice database key. Try again.', 'NO_ANSWER');
  }
  if (!answer.ok) throw new KeyHandoverError(answer.error.message, answer.error.code);
  const release = answer.value;
  try {
    const serverKey = await subtle.importKey('raw', fromBase64(release.serverPublicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const bits = await subtle.deriveBits({ name: 'ECDH', public: serverKey }, pair.privateKey, 256);
    const base = await subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
    const wrapping = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: fromBase64(release.salt), info: encoder.encode(KEY_RELEASE_INFO) },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['unwrapKey'],
    );
    // Each subkey unwraps straight into a non-extractable key for its one purpose, bound by its label.
    const unwrapWith = (key: { wrapped: string; iv: string }, label: string, algorithm: AesKeyAlgorithm | HmacImportParams, usages: KeyUsage[]) =>
      subtle.unwrapKey('raw', fromBase64(key.wrapped), wrapping, { name: 'AES-GCM', iv: fromBase64(key.iv), additionalData: encoder.encode(label) }, algorithm, false, usages);
    const unwrap = (field: 'dbKey' | 'indexKey', algorithm: AesKeyAlgorithm | HmacImportParams, usages: KeyUsage[]) => unwrapWith(release[field], KEY_RELEASE_LABELS[field], algorithm, usages);
    const aes = { name: 'AES-GCM', length: 256 } as const;
    const hmac = { name: 'HMAC', hash: 'SHA-256' } as const;
    const dbKey = await unwrap('dbKey', aes, ['encrypt', 'decrypt']);
    const indexKey = await unwrap('indexKey', hmac, ['sign']);
    const byEpoch = new Map<number, { sealKey: CryptoKey; ivKey: CryptoKey }>();
    byEpoch.set(release.wireEpoch, {
      sealKey: await unwrapWith(release.wireSealKey, wireKeyLabel('wireSealKey', release.wireEpoch), aes, ['encrypt', 'decrypt']),
      ivKey: await unwrapWith(release.wireIvKey, wireKeyLabel('wireIvKey', release.wireEpoch), hmac, ['sign']),
    });
    for (const older of release.olderWire) {
      byEpoch.set(older.epoch, {
        sealKey: await unwrapWith(older.sealKey, wireKeyLabel('wireSealKey', older.epoch), aes, ['decrypt']),
        ivKey: await unwrapWith(older.ivKey, wireKeyLabel('wireIvKey', older.epoch), hmac, ['sign']),
      });
    }
    return { dbKey, indexKey, keyId: release.keyId, wireKeys: { current: release.wireEpoch, byEpoch } };
  } catch {
    throw new KeyHandoverError('The practice database key could not be unwrapped. Sign in again.', 'UNWRAP_FAILED');
  }
}
