/**
 * Wraps the practice-database, blind-index and replication (wire seal and IV, of every key epoch held) subkeys for the renderer: ECDH (P-256) between the
 * renderer's ephemeral public key and a fresh key of main's, HKDF-SHA256 to an AES-256-GCM
 * wrapping key, each subkey sealed with its own IV. Only ciphertext crosses IPC.
 */
import { createECDH, createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { KEY_RELEASE_INFO, KEY_RELEASE_LABELS, wireKeyLabel } from '../../shared/vault/key-release-labels';

export { KEY_RELEASE_INFO } from '../../shared/vault/key-release-labels';

export interface WrappedKey {
  iv: string;
  wrapped: string;
}

export interface KeyRelease {
  serverPublicKey: string;
  salt: string;
  dbKey: WrappedKey;
  indexKey: WrappedKey;
  wireSealKey: WrappedKey;
  wireIvKey: WrappedKey;
  /** The key epoch of wireSealKey and wireIvKey (what new seals use). */
  wireEpoch: number;
  /** Earlier epochs' wire keys, to open what was sealed under them. */
  olderWire: { epoch: number; sealKey: WrappedKey; ivKey: WrappedKey }[];
}

export interface RendererKeys {
  readonly dbKey: Uint8Array;
  readonly indexKey: Uint8Array;
  readonly wireSealKey: Uint8Array;
  readonly wireIvKey: Uint8Array;
  /** The epoch of wireSealKey and wireIvKey (absent: 1). */
  readonly wireEpoch?: number;
  readonly olderWire?: readonly { readonly epoch: number; readonly sealKey: Uint8Array; readonly ivKey: Uint8Array }[];
}

/** P-256 uncompressed public keys are 65 bytes starting with 0x04. */
export function isP256PublicKey(raw: Buffer): boolean {
  return raw.length === 65 && raw[0] === 0x04;
}

export function wrapKeysForRenderer(clientPublicKeyB64: string, keys: RendererKeys): KeyRelease {
  const clientKey = Buffer.from(clientPublicKeyB64, 'base64');
  if (!isP256PublicKey(clientKey)) throw new RangeError('not a P-256 public key');
  const ecdh = createECDH('prime256v1');
  const serverPublicKey = ecdh.generateKeys();
  let shared: Buffer;
  try {
    shared = ecdh.computeSecret(clientKey);
  } catch {
    throw new RangeError('not a point on P-256');
  }
  const salt = randomBytes(16);
  const wrappingKey = Buffer.from(hkdfSync('sha256', shared, salt, KEY_RELEASE_INFO, 32));
  shared.fill(0);
  const seal = (key: Uint8Array, label: string): WrappedKey => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
    cipher.setAAD(Buffer.from(label));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
    return { iv: iv.toString('base64'), wrapped: wrapped.toString('base64') };
  };
  const result = {
    serverPublicKey: serverPublicKey.toString('base64'),
    salt: salt.toString('base64'),
    dbKey: seal(keys.dbKey, KEY_RELEASE_LABELS.dbKey),
    indexKey: seal(keys.indexKey, KEY_RELEASE_LABELS.indexKey),
    wireSealKey: seal(keys.wireSealKey, wireKeyLabel('wireSealKey', keys.wireEpoch ?? 1)),
    wireIvKey: seal(keys.wireIvKey, wireKeyLabel('wireIvKey', keys.wireEpoch ?? 1)),
    wireEpoch: keys.wireEpoch ?? 1,
    olderWire: (keys.olderWire ?? []).map((k) => ({ epoch: k.epoch, sealKey: seal(k.sealKey, wireKeyLabel('wireSealKey', k.epoch)), ivKey: seal(k.ivKey, wireKeyLabel('wireIvKey', k.epoch)) })),
  };
  wrappingKey.fill(0);
  return result;
}

/**
 * Wraps the subkeys for the screen and zeroes the raw buffers afterwards, whether the wrapping
 * worked or not: they exist in main only for this (issue 13's review finding). The caller hands
 * over fresh copies; nothing else may hold them.
 */
export function wrapKeysForRendererAndZero(clientPublicKeyB64: string, keys: RendererKeys): KeyRelease {
  try {
    return wrapKeysForRenderer(clientPublicKeyB64, keys);
  } finally {
    for (const k of [keys.dbKey, keys.indexKey, keys.wireSealKey, keys.wireIvKey, ...(keys.olderWire ?? []).flatMap((o) => [o.sealKey, o.ivKey])]) k.fill(0);
  }
}
