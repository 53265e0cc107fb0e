/**
 * The key hand-over works with the browser's WebCrypto exactly as the renderer uses it: an
 * ephemeral ECDH key, HKDF, and unwrapKey into NON-extractable CryptoKeys that decrypt what
 * the raw key encrypted. The payload never holds the raw keys (SEC-KEY-01).
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_RELEASE_INFO, wrapKeysForRenderer, wrapKeysForRendererAndZero } from './key-release';

const subtle = globalThis.crypto.subtle;
const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

async function rendererSide() {
  const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const publicRaw = Buffer.from(await subtle.exportKey('raw', pair.publicKey)).toString('base64');
  return { pair, publicRaw };
}

async function unwrap(release: ReturnType<typeof wrapKeysForRenderer>, privateKey: CryptoKey) {
  const serverKey = await subtle.importKey('raw', b64(release.serverPublicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const bits = await subtle.deriveBits({ name: 'ECDH', public: serverKey }, privateKey, 256);
  const hkdfBase = await subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  const wrapping = await subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: b64(release.salt), info: new TextEncoder().encode(KEY_RELEASE_INFO) },
    hkdfBase,
    { name: 'AES-GCM', length: 256 },
    false,
    ['unwrapKey'],
  );
  const dbKey = await subtle.unwrapKey('raw', b64(release.dbKey.wrapped), wrapping, { name: 'AES-GCM', iv: b64(release.dbKey.iv), additionalData: new TextEncoder().encode('practice-db') }, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const indexKey = await subtle.unwrapKey('raw', b64(release.indexKey.wrapped), wrapping, { name: 'AES-GCM', iv: b64(release.indexKey.iv), additionalData: new TextEncoder().encode('blind-index') }, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { dbKey, indexKey };
}

const keySet = () => ({ dbKey: randomBytes(32), indexKey: randomBytes(32), wireSealKey: randomBytes(32), wireIvKey: randomBytes(32) });

describe('practice database key release', () => {
  it('unwraps into non-extractable keys that match the subkeys', async () => {
    const rawDb = randomBytes(32);
    const rawIndex = randomBytes(32);
    const { pair, publicRaw } = await rendererSide();
    const rawSeal = randomBytes(32);
    const release = wrapKeysForRenderer(publicRaw, { dbKey: rawDb, indexKey: rawIndex, wireSealKey: rawSeal, wireIvKey: randomBytes(32) });
    const json = JSON.stringify(release);
    expect(json).not.toContain(rawDb.toString('base64'));
    expect(json).not.toContain(rawDb.toString('hex'));
    expect(json).not.toContain(rawIndex.toString('base64'));
    expect(json).not.toContain(rawSeal.toString('base64'));

    const { dbKey, indexKey } = await unwrap(release, pair.privateKey);
    expect(dbKey.extractable).toBe(false);
    expect(indexKey.extractable).toBe(false);
    await expect(subtle.exportKey('raw', dbKey)).rejects.toThrow();

    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', rawDb, iv);
    const sealed = Buffer.concat([c.update('Testy McSynthetic'), c.final(), c.getAuthTag()]);
    const opened = await subtle.decrypt({ name: 'AES-GCM', iv }, dbKey, sealed);
    expect(new TextDecoder().decode(opened)).toBe('Testy McSynthetic');
    const mac = Buffer.from(await subtle.sign('HMAC', indexKey, new TextEncoder().encode('+15552010100'))).toString('hex');
    expect(mac).toBe(createHmac('sha256', rawIndex).update('+15552010100').digest('hex'));
  });

  it('another party cannot unwrap, and bad public keys are refused', async () => {
    const { publicRaw } = await rendererSide();
    const release = wrapKeysForRenderer(publicRaw, keySet());
    const eve = await rendererSide();
    await expect(unwrap(release, eve.pair.privateKey)).rejects.toThrow();
    expect(() => wrapKeysForRenderer(Buffer.alloc(65, 4).toString('base64'), keySet())).toThrow(RangeError);
    expect(() => wrapKeysForRenderer(Buffer.alloc(33, 2).toString('base64'), keySet())).toThrow(RangeError);
  });

  it('zeroes the raw key buffers after wrapping, and when wrapping fails (review finding)', async () => {
    const { pair, publicRaw } = await rendererSide();
    const keys = keySet();
    const copy = Buffer.from(keys.dbKey);
    const release = wrapKeysForRendererAndZero(publicRaw, keys);
    for (const k of Object.values(keys)) expect(k.every((b) => b === 0)).toBe(true);
    // The wrapped copy still carries the key: zeroing happened after sealing.
    const { dbKey } = await unwrap(release, pair.privateKey);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', copy, iv);
    const sealed = Buffer.concat([c.update('Synthetic'), c.final(), c.getAuthTag()]);
    expect(new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv }, dbKey, sealed))).toBe('Synthetic');
    const refused = keySet();
    expect(() => wrapKeysForRendererAndZero(Buffer.alloc(33, 2).toString('base64'), refused)).toThrow(RangeError);
    for (const k of Object.values(refused)) expect(k.every((b) => b === 0)).toBe(true);
  });
});
