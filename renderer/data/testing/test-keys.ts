/**
 * Test-only keys: a fresh non-extractable AES-256-GCM key and HMAC key made in place, as the
 * key hand-over would deliver them. Used by unit tests, the browser harness and the benchmark;
 * never by the app.
 */
export interface TestKeys {
  dbKey: CryptoKey;
  indexKey: CryptoKey;
  keyId: string;
}

export async function makeTestKeys(keyId = '00000000deadbeef'): Promise<TestKeys> {
  const subtle = globalThis.crypto.subtle;
  const dbKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const indexKey = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return { dbKey, indexKey, keyId };
}
