/**
 * A stand-in for main's `practiceDb.releaseKeys` built on WebCrypto, for the benchmark and the
 * unit tests: fixed random subkeys for its lifetime, wrapped exactly as main/vault/key-release.ts
 * does (ECDH P-256, HKDF-SHA256, AES-GCM with AAD 'practice-db' / 'blind-index' / 'wire-seal' / 'wire-iv'), so the
 * renderer's hand-over code runs unchanged. Test-only.
 */
import type { ReleaseKeys } from '../session/key-handover';
import { KEY_RELEASE_INFO } from '../session/key-handover';

const encoder = new TextEncoder();
const b64 = (bytes: ArrayBuffer | Uint8Array) => {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < view.length; i++) s += String.fromCharCode(view[i]!);
  return btoa(s);
};
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function standInKeyRelease(keyId = '0123456789abcdef'): ReleaseKeys {
  const subtle = globalThis.crypto.subtle;
  const rawDb = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const rawIndex = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const rawSeal = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const rawIv = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return async ({ clientPublicKey }) => {
    const server = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits'])) as CryptoKeyPair;
    const client = await subtle.importKey('raw', unb64(clientPublicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const bits = await subtle.deriveBits({ name: 'ECDH', public: client }, server.privateKey, 256);
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const base = await subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
    const wrapping = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(KEY_RELEASE_INFO) }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const seal = async (raw: Uint8Array<ArrayBuffer>, label: string) => {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const wrapped = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, wrapping, raw);
      return { iv: b64(iv), wrapped: b64(wrapped) };
    };
    return {
      ok: true as const,
      value: {
        serverPublicKey: b64(await subtle.exportKey('raw', server.publicKey)),
        salt: b64(salt),
        dbKey: await seal(rawDb, 'practice-db'),
        indexKey: await seal(rawIndex, 'blind-index'),
        wireSealKey: await seal(rawSeal, 'wire-seal'),
        wireIvKey: await seal(rawIv, 'wire-iv'),
        wireEpoch: 1,
        olderWire: [],
        keyId,
      },
    };
  };
}
